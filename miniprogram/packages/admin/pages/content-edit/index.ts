import type { ContentBlock, FormSummary } from '../../../../../typings/content';
import type { PagePhase } from '../../../../components/page-state/phase';
import {
  getContent,
  listForms,
  listTags,
  removeContent,
  saveContent,
} from '../../../../services/admin-content';
import { failureMessage } from '../../../../services/index';
import { isRoleRefusal } from '../contents/role';
import { checkArticle, ARTICLE_LIMITS } from './content-rules';

type BlockType = ContentBlock['type'];

/** A body block as edited: a stable key for wx:key and its own error line. */
interface EditBlock {
  key: number;
  type: BlockType;
  typeLabel: string;
  value: string;
  error: string;
}

const BLOCK_LABELS: Record<BlockType, string> = { text: '文字', heading: '小标题', image: '图片' };

/** Field errors shown under each field; block errors live on the blocks. */
interface Errors {
  title?: string;
  cover?: string;
  summary?: string;
  blocks?: string;
  topicTags?: string;
}

const toEditBlock = (block: ContentBlock, key: number): EditBlock => ({
  key,
  type: block.type,
  typeLabel: BLOCK_LABELS[block.type],
  value: (block.type === 'image' ? block.url : block.text) ?? '',
  error: '',
});

const toBlock = (block: EditBlock): ContentBlock =>
  block.type === 'image'
    ? { type: 'image', url: block.value }
    : { type: block.type, text: block.value };

/**
 * 编辑文章 (AD1): title, cover, summary, body blocks (add, move, remove), topic tags from the
 * tag library, an optional lead form. 保存 checks the same rules as the server first and
 * shows each message under its field; what only the server can know (a tag or form that has
 * gone, someone else's edit) shows above 保存.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    id: '',
    revision: 0,
    title: '',
    cover: '',
    summary: '',
    blocks: [] as EditBlock[],
    topicOptions: [] as { name: string; selected: boolean }[],
    forms: [] as { id: string; title: string }[],
    formId: '',
    errors: {} as Errors,
    saveError: '',
    saving: false,
    confirmingRemove: false,
    limits: ARTICLE_LIMITS,
    _nextKey: 1,
    _id: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _id: query.id ? decodeURIComponent(query.id) : '' });
      return this.load();
    },

    async onPullDownRefresh() {
      // Reloading would throw away unsaved edits; only a page that failed to load reloads.
      if (this.data.phase !== 'ready') await this.load();
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load();
    },

    async load() {
      this.setData({ phase: 'loading' });
      const id = this.data._id;
      try {
        const [content, library, forms] = await Promise.all([
          id ? getContent(id) : Promise.resolve(null),
          listTags(),
          listForms(),
        ]);
        const selected = content?.topicTags ?? [];
        // A tag the article still carries but the library lost stays visible, to be dropped.
        const names = library.topic.tags.concat(
          selected.filter((t) => !library.topic.tags.includes(t)),
        );
        const blocks = (content?.blocks ?? []).map((block, i) => toEditBlock(block, i + 1));
        this.setData({
          phase: 'ready',
          id: content?.id ?? '',
          revision: content?.revision ?? 0,
          title: content?.title ?? '',
          cover: content?.cover ?? '',
          summary: content?.summary ?? '',
          blocks,
          _nextKey: blocks.length + 1,
          topicOptions: names.map((name) => ({ name, selected: selected.includes(name) })),
          forms: forms.items.map((form: FormSummary) => ({ id: form.id, title: form.title })),
          formId: content?.formId ?? '',
          errors: {},
          saveError: '',
        });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    onInput(event: WechatMiniprogram.Input) {
      const field = String(event.currentTarget.dataset.field) as 'title' | 'cover' | 'summary';
      this.setData({ [field]: event.detail.value, [`errors.${field}`]: '' });
    },

    onBlockInput(event: WechatMiniprogram.Input) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({
        [`blocks[${index}].value`]: event.detail.value,
        [`blocks[${index}].error`]: '',
      });
    },

    onAddBlock(event: WechatMiniprogram.BaseEvent) {
      const type = event.currentTarget.dataset.type as BlockType;
      const block = toEditBlock({ type }, this.data._nextKey);
      this.setData({
        blocks: this.data.blocks.concat(block),
        _nextKey: this.data._nextKey + 1,
        'errors.blocks': '',
      });
    },

    onMoveBlock(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const target = index + Number(event.currentTarget.dataset.step);
      if (target < 0 || target >= this.data.blocks.length) return;
      const blocks = this.data.blocks.slice();
      [blocks[index], blocks[target]] = [blocks[target], blocks[index]];
      this.setData({ blocks });
    },

    onRemoveBlock(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ blocks: this.data.blocks.filter((_, i) => i !== index) });
    },

    onToggleTopic(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({
        [`topicOptions[${index}].selected`]: !this.data.topicOptions[index].selected,
        'errors.topicTags': '',
      });
    },

    onPickForm(event: WechatMiniprogram.BaseEvent) {
      this.setData({ formId: String(event.currentTarget.dataset.id ?? '') });
    },

    /** Shows a rule's message at its field; answers false when there is one. */
    showProblem(field: string, message: string) {
      const match = /^blocks\.(\d+)\./.exec(field);
      if (match) this.setData({ [`blocks[${Number(match[1])}].error`]: message });
      else this.setData({ [`errors.${field}`]: message });
      wx.showToast({ title: '请检查标红的内容', icon: 'none' });
    },

    async onSave() {
      if (this.data.saving) return;
      const checked = checkArticle({
        title: this.data.title,
        cover: this.data.cover,
        summary: this.data.summary,
        blocks: this.data.blocks.map(toBlock),
        topicTags: this.data.topicOptions.filter((o) => o.selected).map((o) => o.name),
        formId: this.data.formId || null,
      });
      this.setData({ errors: {}, saveError: '' });
      if (!checked.ok) return this.showProblem(checked.field, checked.message);
      const { id, revision } = this.data;
      this.setData({ saving: true });
      try {
        const saved = await saveContent({ ...checked.value, ...(id ? { id, revision } : {}) });
        this.setData({ saving: false, id: saved.id, revision: saved.revision, _id: saved.id });
        wx.showToast({ title: '已保存', icon: 'success' });
        if (getCurrentPages().length > 1) wx.navigateBack();
      } catch (error) {
        this.setData({ saving: false, saveError: failureMessage(error) });
      }
      return undefined;
    },

    /** Two taps: the first asks 确认删除？, the second removes. */
    async onRemove() {
      if (!this.data.confirmingRemove) return this.setData({ confirmingRemove: true });
      this.setData({ confirmingRemove: false, saveError: '' });
      try {
        await removeContent(this.data.id);
        wx.showToast({ title: '已删除', icon: 'success' });
        if (getCurrentPages().length > 1) wx.navigateBack();
        else this.setData({ phase: 'empty', errorText: '' });
      } catch (error) {
        this.setData({ saveError: failureMessage(error) });
      }
      return undefined;
    },
  },
});
