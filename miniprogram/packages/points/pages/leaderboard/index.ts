import type { PagePhase } from '../../../../components/page-state/phase';
import { failureMessage } from '../../../../services/index';
import { getLeaderboard, type LeaderboardPeriod } from '../../../../services/points';
import { boardView, type BoardItem } from './view';

type EnterpriseBoard = 'points' | 'brought';

const BOARDS = [
  { value: 'points', label: '积分榜' },
  { value: 'brought', label: '拉新榜' },
];
const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'all', label: '总榜' },
];

/**
 * 排行榜 (M2): the enterprise's boards by points earned (积分榜) and customers brought (拉新榜),
 * this month or all time (P6); opened with `?taskId=` it is that task's board (T7). The caller's
 * own row is pinned at the bottom, even outside the top 50. `_generation` drops late answers.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    boards: BOARDS,
    periods: PERIODS,
    board: 'points' as EnterpriseBoard,
    period: 'month' as LeaderboardPeriod,
    taskId: '',
    rows: [] as BoardItem[],
    me: null as BoardItem | null,
    total: 0,
    _generation: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const taskId = query.taskId ? decodeURIComponent(query.taskId) : '';
      this.setData({ taskId });
      if (taskId && typeof wx.setNavigationBarTitle === 'function')
        wx.setNavigationBarTitle({ title: '任务排行榜' });
      return this.load(true);
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true);
    },

    onBoardChange(event: { detail: { value: EnterpriseBoard } }) {
      if (event.detail.value === this.data.board) return undefined;
      this.setData({ board: event.detail.value });
      return this.load(true);
    },

    onPeriodTap(event: { currentTarget: { dataset: { value: LeaderboardPeriod } } }) {
      const period = event.currentTarget.dataset.value;
      if (period === this.data.period) return undefined;
      this.setData({ period });
      return this.load(true);
    },

    async load(showLoading: boolean) {
      const generation = this.data._generation + 1;
      this.setData({ _generation: generation });
      if (showLoading) this.setData({ phase: 'loading', rows: [], me: null });
      const { taskId, board, period } = this.data;
      try {
        const answer = await getLeaderboard(taskId ? { board: 'task', taskId } : { board, period });
        if (generation !== this.data._generation) return;
        const view = boardView(answer);
        this.setData({
          rows: view.rows,
          me: view.me,
          total: answer.total,
          phase: view.rows.length ? 'ready' : 'empty',
        });
      } catch (error) {
        if (generation !== this.data._generation) return;
        if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },
  },
});
