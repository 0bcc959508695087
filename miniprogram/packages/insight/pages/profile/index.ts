import type { PagePhase } from '../../../../components/page-state/phase';
import { newClientEventId } from '../../../../services/attribution';
import { failureMessage } from '../../../../services/index';
import {
  FOLLOW_UP_WAYS,
  addFollowUp,
  listCustomerEvents,
  listFollowUps,
  loadCustomerProfile,
  setCustomerRemark,
  setCustomerTags,
  updateFollowUp,
  type CustomerProfile,
  type FollowUp,
  type FollowUpWay,
} from '../../../../services/insight';
import {
  eventItem,
  followUpItem,
  profileView,
  type EventItem,
  type FollowUpItem,
  type ProfileView,
} from './view';

type Section = 'followups' | 'events';
type LibraryGroup = { name: string; tags: { name: string; selected: boolean }[] };

const emptyDraft = () => ({
  text: '',
  way: '电话' as FollowUpWay,
  nextDate: '',
  error: '',
});

/**
 * 用户画像 (`?customerId=`, C1-C8): who the customer is and how they came, what they did, their
 * network, forms and tags, the caller's remark, and 跟进记录 / 行为记录 below. Only the customer's
 * own employees reach it (S2: the server answers FORBIDDEN otherwise).
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    profile: null as ProfileView | null,
    section: 'followups' as Section,
    followUps: [] as FollowUpItem[],
    followUpsCursor: null as string | null,
    followUpsFailed: false,
    events: [] as EventItem[],
    eventsCursor: null as string | null,
    eventsFailed: false,
    ways: FOLLOW_UP_WAYS,
    draft: emptyDraft(),
    /** The follow-up being edited, or '' for a new one. */
    editingId: '',
    saving: false,
    editingTags: false,
    library: [] as LibraryGroup[],
    remarkDraft: '',
    _customerId: '',
    _raw: null as CustomerProfile | null,
    _followUps: [] as FollowUp[],
    /** One tap on 保存 and its retries share one request id (C5: written once). */
    _requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _customerId: decodeURIComponent(query.customerId ?? '') });
      return this.load(true);
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true);
    },

    async load(showLoading: boolean) {
      const customerId = this.data._customerId;
      if (showLoading) this.setData({ phase: 'loading' });
      const lists = Promise.all([this.loadFollowUps(), this.loadEvents()]);
      try {
        const profile = await loadCustomerProfile(customerId);
        this.showProfile(profile);
        this.setData({ phase: 'ready', remarkDraft: profile.remark });
      } catch (error) {
        if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
      await lists;
    },

    showProfile(profile: CustomerProfile) {
      this.setData({ _raw: profile, profile: profileView(profile) });
    },

    async loadFollowUps(cursor?: string) {
      try {
        const page = await listFollowUps(this.data._customerId, cursor);
        const all = cursor ? this.data._followUps.concat(page.items) : page.items;
        this.setData({
          _followUps: all,
          followUps: all.map(followUpItem),
          followUpsCursor: page.nextCursor,
          followUpsFailed: false,
        });
      } catch {
        this.setData({ followUpsFailed: true });
      }
    },

    async loadEvents(cursor?: string) {
      try {
        const page = await listCustomerEvents(this.data._customerId, cursor);
        const items = page.items.map(eventItem);
        this.setData({
          events: cursor ? this.data.events.concat(items) : items,
          eventsCursor: page.nextCursor,
          eventsFailed: false,
        });
      } catch {
        this.setData({ eventsFailed: true });
      }
    },

    onSection(event: WechatMiniprogram.TouchEvent<object, object, { section: Section }>) {
      this.setData({ section: event.currentTarget.dataset.section });
    },

    onMoreFollowUps() {
      return this.loadFollowUps(this.data.followUpsCursor ?? undefined);
    },

    onMoreEvents() {
      return this.loadEvents(this.data.eventsCursor ?? undefined);
    },

    onRetryFollowUps() {
      return this.loadFollowUps();
    },

    onRetryEvents() {
      return this.loadEvents();
    },

    // ---- tags (C7) ----

    onEditTags() {
      const raw = this.data._raw;
      if (!raw) return;
      const chosen = new Set(raw.tags.manual);
      this.setData({
        editingTags: true,
        library: raw.tagLibrary.map((group) => ({
          name: group.name,
          tags: group.tags.map((name) => ({ name, selected: chosen.has(name) })),
        })),
      });
    },

    onToggleTag(
      event: WechatMiniprogram.TouchEvent<object, object, { group: number; tag: number }>,
    ) {
      const { group, tag } = event.currentTarget.dataset;
      const current = this.data.library[group].tags[tag].selected;
      this.setData({ [`library[${group}].tags[${tag}].selected`]: !current });
    },

    onCancelTags() {
      this.setData({ editingTags: false });
    },

    async onSaveTags() {
      const raw = this.data._raw;
      if (!raw || this.data.saving) return;
      const tags = this.data.library.flatMap((g) =>
        g.tags.filter((t) => t.selected).map((t) => t.name),
      );
      await this.saveOnce('标签已保存', async () => {
        const { manual } = await setCustomerTags(this.data._customerId, tags);
        this.showProfile({ ...raw, tags: { ...raw.tags, manual } });
        this.setData({ editingTags: false });
      });
    },

    /** One save at a time: `saving` guards double taps; a failure is a toast, the page stays. */
    async saveOnce(doneText: string, save: () => Promise<void>) {
      this.setData({ saving: true });
      try {
        await save();
        wx.showToast({ title: doneText, icon: 'success' });
      } catch (error) {
        wx.showToast({ title: failureMessage(error), icon: 'none' });
      } finally {
        this.setData({ saving: false });
      }
    },

    // ---- remark ----

    onRemarkInput(event: WechatMiniprogram.Input) {
      this.setData({ remarkDraft: event.detail.value });
    },

    async onSaveRemark() {
      const raw = this.data._raw;
      if (!raw || this.data.saving) return;
      await this.saveOnce('备注已保存', async () => {
        const { remark } = await setCustomerRemark(this.data._customerId, this.data.remarkDraft);
        this.showProfile({ ...raw, remark });
        this.setData({ remarkDraft: remark });
      });
    },

    // ---- 跟进记录 (C5) ----

    onDraftInput(event: WechatMiniprogram.Input) {
      this.setData({ 'draft.text': event.detail.value, 'draft.error': '' });
    },

    onWay(event: WechatMiniprogram.TouchEvent<object, object, { way: FollowUpWay }>) {
      this.setData({ 'draft.way': event.currentTarget.dataset.way });
    },

    onNextDate(event: WechatMiniprogram.PickerChange) {
      this.setData({ 'draft.nextDate': String(event.detail.value) });
    },

    onClearNextDate() {
      this.setData({ 'draft.nextDate': '' });
    },

    onEditFollowUp(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      const followUp = this.data._followUps.find((f) => f.id === event.currentTarget.dataset.id);
      if (!followUp || !followUp.mine) return;
      this.setData({
        editingId: followUp.id,
        section: 'followups',
        draft: {
          text: followUp.text,
          way: followUp.way,
          nextDate: followUp.nextDate ?? '',
          error: '',
        },
      });
    },

    onCancelEdit() {
      this.setData({ editingId: '', draft: emptyDraft(), _requestId: '' });
    },

    async onSaveFollowUp() {
      const { draft, editingId, saving } = this.data;
      if (saving) return;
      const text = draft.text.trim();
      if (!text) {
        this.setData({ 'draft.error': '请填写跟进内容' });
        return;
      }
      const requestId = this.data._requestId || newClientEventId();
      this.setData({ saving: true, _requestId: requestId });
      const fields = { text, way: draft.way, nextDate: draft.nextDate || null };
      try {
        if (editingId) {
          const stored = this.data._followUps.find((f) => f.id === editingId);
          await updateFollowUp({
            followUpId: editingId,
            revision: stored?.revision ?? 0,
            ...fields,
          });
        } else {
          await addFollowUp({ customerId: this.data._customerId, requestId, ...fields });
        }
        this.setData({ editingId: '', draft: emptyDraft(), _requestId: '' });
        wx.showToast({ title: '跟进已保存', icon: 'success' });
        await this.loadFollowUps();
      } catch (error) {
        // The draft and its request id stay: 保存 again retries the same follow-up.
        this.setData({ 'draft.error': failureMessage(error) });
      } finally {
        this.setData({ saving: false });
      }
    },

    onOpenNetworkCustomer(event: WechatMiniprogram.TouchEvent<object, object, { id: string }>) {
      wx.navigateTo({
        url: `/packages/insight/pages/profile/index?customerId=${encodeURIComponent(event.currentTarget.dataset.id)}`,
      });
    },
  },
});
