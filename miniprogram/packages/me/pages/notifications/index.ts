import type { PagePhase } from '../../../../components/page-state/phase';
import { failureMessage } from '../../../../services/api-failure';
import {
  loadNotificationSettings,
  setNotificationSwitch,
  type NotificationKind,
  type NotificationSettings,
} from '../../../../services/settings';

/** The switches in display order, with what each kind means to the employee (M5). */
const KINDS: { kind: NotificationKind; label: string; hint: string }[] = [
  { kind: 'newTask', label: '新任务通知', hint: '有新任务发布给我时' },
  { kind: 'taskEnding', label: '任务即将结束', hint: '我领取的任务快结束时' },
  { kind: 'pointsCredited', label: '目标达成与积分到账', hint: '达成任务目标、积分到账时' },
  { kind: 'benefitExpiring', label: '权益即将过期', hint: '积分兑换截止前提醒' },
  { kind: 'newLead', label: '新线索', hint: '客户通过我的分享留资时' },
  { kind: 'newCustomer', label: '新客户打开分享', hint: '新客户第一次打开我的分享时' },
  { kind: 'followUpDue', label: '跟进提醒', hint: '到了我在跟进记录里定的下次跟进日期时' },
];

interface SwitchRow {
  kind: NotificationKind;
  label: string;
  hint: string;
  on: boolean;
  /** A change of this switch is on its way to the server. */
  saving: boolean;
}

function rowsFrom(settings: NotificationSettings): SwitchRow[] {
  return KINDS.filter(({ kind }) => typeof settings[kind] === 'boolean').map((k) => ({
    ...k,
    on: settings[k.kind],
    saving: false,
  }));
}

/**
 * 通知设置: one switch per kind of notification. A toggle shows at once and is saved in the
 * background; if saving fails the switch goes back and a toast says why.
 */
Component({
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    rows: [] as SwitchRow[],
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onRetry() {
      this.setData({ phase: 'loading' });
      return this.load();
    },
    async load() {
      try {
        const rows = rowsFrom(await loadNotificationSettings());
        this.setData({ phase: rows.length > 0 ? 'ready' : 'empty', rows });
      } catch (error) {
        // A failed refresh keeps the switches already shown (docs/decisions.md).
        if (this.data.phase === 'ready') {
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },
    async onToggle(
      event: WechatMiniprogram.CustomEvent<{ value: boolean }, object, { kind: NotificationKind }>,
    ) {
      const kind = event.currentTarget.dataset.kind;
      const index = this.data.rows.findIndex((r) => r.kind === kind);
      const row = this.data.rows[index];
      // One change per switch at a time: the switch is disabled while it is saving.
      if (!row || row.saving) return;
      const on = Boolean(event.detail.value);
      // Copied now: setData updates `this.data` (and so `row`) in place.
      const previous = row.on;
      this.setData({ [`rows[${index}].on`]: on, [`rows[${index}].saving`]: true });
      try {
        const settings = await setNotificationSwitch(kind, on);
        this.setData({ [`rows[${index}].on`]: settings[kind], [`rows[${index}].saving`]: false });
      } catch (error) {
        this.setData({ [`rows[${index}].on`]: previous, [`rows[${index}].saving`]: false });
        wx.showToast({ title: failureMessage(error), icon: 'none' });
      }
    },
  },
});
