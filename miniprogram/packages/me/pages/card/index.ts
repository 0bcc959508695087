import type { PagePhase } from '../../../../components/page-state/phase';
import { failureMessage } from '../../../../services/api-failure';
import { loadCard, saveCard, type EmployeeCard } from '../../../../services/card';
import { CARD_LIMITS, checkCard, shownMobile, type CardDraft, type CardField } from './card-rules';

/** The card as customers see it on a content page (the mobile masked unless shown in full). */
interface Preview {
  name: string;
  avatar: string;
  title: string;
  company: string;
  mobile: string;
  intro: string;
  /** The content page offers 拨打电话 only for a mobile shown in full. */
  callable: boolean;
  hasQrCode: boolean;
}

type Errors = Partial<Record<CardField, string>>;

const TEXT_FIELDS: CardField[] = ['name', 'title', 'company', 'mobile', 'wecomQrCode', 'intro'];

function draftOf(card: EmployeeCard): CardDraft {
  const { avatar: _avatar, ...draft } = card;
  return draft;
}

function previewOf(draft: CardDraft, avatar: string): Preview {
  const mobile = draft.mobile.replace(/[\s-]/g, '');
  return {
    name: draft.name.trim() || '未填写姓名',
    avatar,
    title: draft.title.trim(),
    company: draft.company.trim(),
    mobile: shownMobile(mobile, draft.showFullMobile),
    intro: draft.intro.trim(),
    callable: draft.showFullMobile && mobile !== '',
    hasQrCode: draft.wecomQrCode.trim() !== '',
  };
}

const sameDraft = (a: CardDraft, b: CardDraft) =>
  (Object.keys(a) as (keyof CardDraft)[]).every((k) => a[k] === b[k]);

/**
 * 名片设置 (M1): the card customers see on every content page opened through the employee's
 * shares. The preview follows the form as it is typed; 保存 checks the server's rules first
 * and shows each message under its field; what only the server can say shows above 保存.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    avatar: '',
    draft: {
      name: '',
      title: '',
      company: '',
      mobile: '',
      showFullMobile: false,
      wecomQrCode: '',
      intro: '',
    } as CardDraft,
    preview: null as Preview | null,
    errors: {} as Errors,
    saveError: '',
    saving: false,
    limits: CARD_LIMITS,
    /** The card as last loaded or saved: pull-to-refresh keeps unsaved edits. */
    _saved: null as CardDraft | null,
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async onPullDownRefresh() {
      const saved = this.data._saved;
      if (this.data.phase === 'ready' && saved && !sameDraft(saved, this.data.draft)) {
        wx.showToast({ title: '有未保存的修改，请先保存', icon: 'none' });
      } else {
        await this.load();
      }
      wx.stopPullDownRefresh();
    },

    onRetry() {
      this.setData({ phase: 'loading' });
      return this.load();
    },

    async load() {
      try {
        this.show(await loadCard());
      } catch (error) {
        // A failed refresh keeps the card already shown (docs/decisions.md).
        if (this.data.phase === 'ready') {
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },

    show(card: EmployeeCard) {
      const draft = draftOf(card);
      this.setData({
        phase: 'ready',
        avatar: card.avatar,
        draft,
        _saved: draft,
        preview: previewOf(draft, card.avatar),
        errors: {},
        saveError: '',
      });
    },

    onInput(event: WechatMiniprogram.Input) {
      const field = String(event.currentTarget.dataset.field) as CardField;
      if (!TEXT_FIELDS.includes(field)) return;
      const draft = { ...this.data.draft, [field]: event.detail.value };
      this.setData({
        [`draft.${field}`]: event.detail.value,
        [`errors.${field}`]: '',
        preview: previewOf(draft, this.data.avatar),
      });
    },

    onToggleFullMobile(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const draft = { ...this.data.draft, showFullMobile: Boolean(event.detail.value) };
      this.setData({
        'draft.showFullMobile': draft.showFullMobile,
        preview: previewOf(draft, this.data.avatar),
      });
    },

    async onSave() {
      if (this.data.saving) return;
      const checked = checkCard(this.data.draft);
      this.setData({ errors: {}, saveError: '' });
      if (!checked.ok) {
        this.setData({ [`errors.${checked.field}`]: checked.message });
        wx.showToast({ title: '请检查标红的内容', icon: 'none' });
        return;
      }
      this.setData({ saving: true });
      try {
        const card = await saveCard(checked.value);
        this.setData({ saving: false });
        this.show(card);
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (error) {
        this.setData({ saving: false, saveError: failureMessage(error) });
      }
    },
  },
});
