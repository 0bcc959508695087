import type { PagePhase } from '../../components/page-state/phase';
import {
  codeImageSrc,
  deleteMyData,
  forwardShare,
  newClientEventId,
  openContent,
  recordEvent,
  submitForm,
  type BusinessCard,
  type ContentView,
  type EventRequest,
  type FormView,
} from '../../services/attribution';
import { ApiFailure, failureMessage } from '../../services/index';

/** Answers that mean the content is gone: the page says 内容已下架, no 重试. */
const REMOVED_CODES = new Set(['NOT_FOUND', 'CONTENT_NOT_FOUND', 'CONTENT_REMOVED']);

/** A mainland mobile number (C6); the server checks again. */
const PHONE = /^1[3-9]\d{9}$/;

function windowHeight(): number {
  const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : null;
  return info?.windowHeight ?? 0;
}

/** How far the page was read, 0-100 %; null when its height is unknown. */
export function scrollDepth(readBottom: number, pageHeight: number): number | null {
  if (pageHeight <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((readBottom / pageHeight) * 100)));
}

/** A dwell shorter than this is a bounce, not reading: not recorded. */
const MIN_DWELL_MS = 1000;

const toast = (title: string, icon: 'none' | 'success' = 'none') => wx.showToast({ title, icon });

const confirm = (title: string, content: string, confirmText: string) =>
  new Promise<boolean>((resolve) =>
    wx.showModal({
      title,
      content,
      confirmText,
      confirmColor: '#d54941',
      cancelText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    }),
  );

interface CardView extends BusinessCard {
  /** The mobile can be dialled (not masked). */
  callable: boolean;
  qrSrc: string;
}

function cardView(card: BusinessCard | null): CardView | null {
  if (!card) return null;
  const digits = card.mobile.replace(/[\s-]/g, '');
  return {
    ...card,
    callable: /^\+?\d{5,}$/.test(digits),
    qrSrc: card.wecomQrCode ? codeImageSrc(card.wecomQrCode) : '',
  };
}

/**
 * The content page customers open from a shared card (`?s=<shareId>`), a mini-program code
 * (`?scene=<shareId>`) or directly (`?contentId=`) (CU1, A3-A11, M1, C6, CU2).
 *
 * `content.open` records the visit with one client event id per open (a retry after a failure
 * reuses it, A9). The page shows the content, the employee's business card (拨打电话,
 * 添加企业微信), the form with its consent, and 转发 (a child share, A7). Customers are never
 * offered anything for forwarding (S5). Reading time is recorded when the page is hidden or
 * closed. 隐私说明 explains what is kept and offers 删除我的数据 (CU2).
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    content: null as ContentView['content'] | null,
    card: null as CardView | null,
    form: null as FormView | null,
    values: {} as Record<string, string>,
    fieldErrors: {} as Record<string, string>,
    consent: false,
    submitting: false,
    submitted: false,
    qrOpen: false,
    privacyOpen: false,
    deleting: false,
    deleted: false,
    _openEventId: '',
    _query: { shareId: '', contentId: '' },
    /** The share this page was opened through (the server's answer), or ''. */
    _shareId: '',
    _formEventId: '',
    _forwardEventId: '',
    _shownAt: 0,
    /** C4: the deepest point read so far (scrollTop + window height, px) and the page height. */
    _readBottom: 0,
    _pageHeight: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const scene = query.scene ? decodeURIComponent(query.scene) : '';
      const shareId = query.s ? decodeURIComponent(query.s) : scene;
      const contentId = query.contentId ? decodeURIComponent(query.contentId) : '';
      this.setData({ _openEventId: newClientEventId(), _query: { shareId, contentId } });
      return this.load();
    },

    onShow() {
      this.setData({ _shownAt: Date.now() });
    },

    onHide() {
      this.recordDwell();
    },

    onPageScroll(event: { scrollTop: number }) {
      const bottom = event.scrollTop + windowHeight();
      if (bottom > this.data._readBottom) this.setData({ _readBottom: bottom });
    },

    onUnload() {
      this.recordDwell();
    },

    onRetry() {
      this.setData({ phase: 'loading' });
      return this.load();
    },

    async load() {
      const { shareId, contentId } = this.data._query;
      if (!shareId && !contentId) {
        this.setData({ phase: 'empty' });
        return;
      }
      try {
        const view = await openContent({
          clientEventId: this.data._openEventId,
          ...(shareId ? { shareId } : {}),
          ...(contentId ? { contentId } : {}),
        });
        this.setData({
          phase: 'ready',
          content: view.content,
          card: cardView(view.card),
          form: view.form,
          _shareId: view.shareId ?? '',
        });
        this.measurePage();
        if (view.content.title && typeof wx.setNavigationBarTitle === 'function') {
          wx.setNavigationBarTitle({ title: view.content.title });
        }
      } catch (error) {
        if (error instanceof ApiFailure && REMOVED_CODES.has(error.code)) {
          this.setData({ phase: 'empty' });
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },

    /** The page's height, for the scroll depth of reading (C4); unknown leaves it out. */
    measurePage() {
      if (typeof wx.createSelectorQuery !== 'function') return;
      this.setData({ _readBottom: windowHeight() });
      wx.createSelectorQuery()
        .in(this)
        .select('.content-page')
        .boundingClientRect((rect) => {
          const height = (rect as { height?: number } | null)?.height ?? 0;
          if (height > 0) this.setData({ _pageHeight: height });
        })
        .exec();
    },

    /** Fire and forget: an event that fails to record must never disturb the reader. */
    record(type: EventRequest['type'], extra: { dwellMs?: number; scrollDepth?: number } = {}) {
      const content = this.data.content;
      if (!content || this.data.deleted) return;
      const shareId = this.data._shareId;
      recordEvent({
        clientEventId: newClientEventId(),
        type,
        contentId: content.id,
        ...(shareId ? { shareId } : {}),
        ...extra,
      }).catch(() => undefined);
    },

    /** The time since the page was last shown, as one dwell event. */
    recordDwell() {
      const shownAt = this.data._shownAt;
      if (!shownAt) return;
      this.setData({ _shownAt: 0 });
      const dwellMs = Date.now() - shownAt;
      if (dwellMs < MIN_DWELL_MS) return;
      const depth = scrollDepth(this.data._readBottom, this.data._pageHeight);
      this.record('dwell', depth === null ? { dwellMs } : { dwellMs, scrollDepth: depth });
    },

    /** 拨打电话 (M1). */
    onCall() {
      const card = this.data.card;
      if (!card || !card.callable) return;
      this.record('card_call');
      wx.makePhoneCall({ phoneNumber: card.mobile.replace(/[\s-]/g, ''), fail: () => undefined });
    },

    /** 添加企业微信 (M1): the employee's WeCom QR code, to long-press. */
    onAddContact() {
      const card = this.data.card;
      if (!card || !card.qrSrc) return;
      this.record('card_add_contact');
      this.setData({ qrOpen: true });
    },

    onCloseQr() {
      this.setData({ qrOpen: false });
    },

    onFieldInput(event: WechatMiniprogram.Input) {
      const key = String(event.currentTarget.dataset.key);
      this.setData({
        values: { ...this.data.values, [key]: event.detail.value },
        fieldErrors: { ...this.data.fieldErrors, [key]: '' },
      });
    },

    onFieldPick(event: WechatMiniprogram.PickerChange) {
      const key = String(event.currentTarget.dataset.key);
      const field = this.data.form?.fields.find((f) => f.key === key);
      const option = field?.options?.[Number(event.detail.value)] ?? '';
      this.setData({
        values: { ...this.data.values, [key]: option },
        fieldErrors: { ...this.data.fieldErrors, [key]: '' },
      });
    },

    onToggleConsent() {
      this.setData({ consent: !this.data.consent });
    },

    /** 提交 (C6): required fields, a valid mainland mobile, and consent, or nothing is sent. */
    async onSubmit() {
      const { form, content, consent, submitting, submitted } = this.data;
      if (!form || !content || submitting || submitted) return;
      if (!consent) {
        toast('请先阅读并勾选同意');
        return;
      }
      const fields: Record<string, string> = {};
      const errors: Record<string, string> = {};
      for (const field of form.fields) {
        const value = (this.data.values[field.key] ?? '').trim();
        if (!value) {
          if (field.required)
            errors[field.key] = `${field.type === 'select' ? '请选择' : '请填写'}${field.label}`;
          continue;
        }
        if (field.type === 'phone' && !PHONE.test(value)) {
          errors[field.key] = '请输入正确的手机号';
          continue;
        }
        fields[field.key] = value;
      }
      this.setData({ fieldErrors: errors });
      if (Object.keys(errors).length) return;
      // One id per submission: a retry after a lost answer is stored once (A9).
      const clientEventId = this.data._formEventId || newClientEventId();
      this.setData({ submitting: true, _formEventId: clientEventId });
      try {
        const shareId = this.data._shareId;
        await submitForm({
          clientEventId,
          formId: form.id,
          contentId: content.id,
          ...(shareId ? { shareId } : {}),
          fields,
          consent: true,
        });
        this.setData({ submitting: false, submitted: true, _formEventId: '' });
        toast('提交成功', 'success');
      } catch (error) {
        this.setData({ submitting: false });
        toast(failureMessage(error));
      }
    },

    /**
     * 转发 (A7): the button (open-type="share") and the menu both come here. Opened through a
     * share, the card carries a child share minted now; WeChat waits for it up to 3 s and
     * otherwise sends the opened share, which still belongs to the same employee.
     */
    onShareAppMessage() {
      const content = this.data.content;
      const title = content?.title ?? '';
      const imageUrl = content?.cover || undefined;
      const parent = this.data._shareId;
      if (!parent || this.data.deleted) {
        const contentId = content?.id ?? this.data._query.contentId;
        return { title, imageUrl, path: `/pages/content/index?contentId=${contentId}` };
      }
      const fallback = { title, imageUrl, path: `/pages/content/index?s=${parent}` };
      return { ...fallback, promise: this.forward(parent).then((path) => ({ ...fallback, path })) };
    },

    /** The child share's path, or the opened share's after a failure. */
    async forward(parent: string): Promise<string> {
      const clientEventId = this.data._forwardEventId || newClientEventId();
      this.setData({ _forwardEventId: clientEventId });
      try {
        const child = await forwardShare(clientEventId, parent);
        this.setData({ _forwardEventId: '' });
        return child.path;
      } catch {
        return `/pages/content/index?s=${parent}`;
      }
    },

    onOpenPrivacy() {
      this.setData({ privacyOpen: true });
    },

    onClosePrivacy() {
      this.setData({ privacyOpen: false });
    },

    /** 删除我的数据 (CU2), after a confirmation. */
    async onDeleteMe() {
      if (this.data.deleting || this.data.deleted) return;
      const confirmed = await confirm(
        '删除我的数据',
        '将删除你在本企业的浏览记录、提交的表单等全部数据，删除后无法恢复。确定删除？',
        '删除',
      );
      if (!confirmed) return;
      this.setData({ deleting: true });
      try {
        await deleteMyData();
        // Nothing more is recorded on this page once the data is gone.
        this.setData({ deleting: false, deleted: true, _shownAt: 0 });
        toast('已删除', 'success');
      } catch (error) {
        this.setData({ deleting: false });
        toast(failureMessage(error));
      }
    },

    noop() {},
  },
});
