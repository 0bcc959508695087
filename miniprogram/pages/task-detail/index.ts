import type { PagePhase } from '../../components/page-state/phase';
import {
  claimTask,
  codeBase64,
  codeImageSrc,
  createBindCode,
  createShare,
  getTaskDetail,
  newClientEventId,
  type EmployeeShareChannel,
  type MintedShare,
  type TaskDetail,
} from '../../services/attribution';
import { ApiFailure, failureMessage } from '../../services/index';
import { expiryText, taskView, wecomPage, type TaskView } from './view';

/** Answers that mean the task is not there for this employee: the page says so, no 重试. */
const MISSING_CODES = new Set(['NOT_FOUND', 'TASK_NOT_FOUND']);

/** WeCom's client APIs (`wx.qy`), present only inside WeCom. */
interface QyCallbacks {
  success?: () => void;
  fail?: (error: { errMsg?: string }) => void;
}
interface QyShareApi {
  shareToExternalContact?(options: Record<string, unknown> & QyCallbacks): void;
  shareToExternalMoments?(options: Record<string, unknown> & QyCallbacks): void;
}

const qy = (): QyShareApi | undefined => (wx as unknown as { qy?: QyShareApi }).qy;

const toast = (title: string, icon: 'none' | 'success' = 'none') => wx.showToast({ title, icon });

const cancelled = (error: { errMsg?: string }) => /cancel/i.test(error?.errMsg ?? '');

function appId(): string {
  try {
    return wx.getAccountInfoSync().miniProgram.appId;
  } catch {
    return '';
  }
}

/**
 * What a page instance holds besides its data: a promise and a timer, which setData would
 * copy (and so lose) if they were data, and the retry keys of mints without their share yet.
 */
interface Runtime {
  minting: Promise<MintedShare | null> | null;
  bindTimer: ReturnType<typeof setTimeout> | null;
  /** Per channel, the `requestId` of a mint that got no share (yet): its retry sends it again. */
  pendingRequests: Partial<Record<EmployeeShareChannel, string>>;
}
const runtimes = new WeakMap<object, Runtime>();
function runtime(page: object): Runtime {
  let state = runtimes.get(page);
  if (!state) {
    state = { minting: null, bindTimer: null, pendingRequests: {} };
    runtimes.set(page, state);
  }
  return state;
}

/**
 * Mints a share for `channel` (A1) under a retry key: a new one for a new share, the failed
 * mint's again when this retries it, so a share the server minted before its answer was lost
 * is answered again instead of a second one being minted and counted (T4).
 */
async function mintFor(
  page: object,
  taskId: string,
  channel: EmployeeShareChannel,
): Promise<MintedShare> {
  const pending = runtime(page).pendingRequests;
  const requestId = pending[channel] ?? newClientEventId();
  pending[channel] = requestId;
  const share = await createShare(taskId, channel, requestId);
  // Answered: the next mint on this channel is a new tap.
  delete pending[channel];
  return share;
}

interface PosterView {
  shareId: string;
  title: string;
  cover: string;
  codeSrc: string;
  /** The code as the backend answered it (base64, data URL or URL), for 保存到相册. */
  code: string;
}

interface BindQrView {
  src: string;
  expiresText: string;
  expired: boolean;
}

/**
 * 任务详情 (seed: 领取任务 -> 选择分享方式 -> 发送分享链接; T3-T6, A1, A2, A12).
 *
 * Opened from the task center or a WeCom notification (`?id=`). Shows the task, 任务积分 and
 * 已完成/任务目标 with each goal, 领取任务, then 选择分享方式: 发送给微信好友 (a share minted when
 * the panel opens, so the native share sheet has its path at once), 发送给企业微信客户,
 * 发到客户朋友圈, 生成海报; 在微信中打开 (the A12 binding QR code) and 客户列表.
 * Every share is minted by the server (`shares.create`): the page never builds attribution.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    task: null as TaskView | null,
    claiming: false,
    sheetOpen: false,
    /** The 发送给微信好友 share is minted and the button can open WeChat's share sheet. */
    wechatReady: false,
    wechatFailed: false,
    /** The channel whose share is being minted or sent. */
    busyChannel: '',
    poster: null as PosterView | null,
    saving: false,
    bindOpen: false,
    bindPhase: 'loading' as PagePhase,
    bindError: '',
    bindQr: null as BindQrView | null,
    _id: '',
    _detail: null as TaskDetail | null,
    _wechatShare: null as MintedShare | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _id: query.id ? decodeURIComponent(query.id) : '' });
      // Only the 发送给微信好友 button shares, with a minted share: never this page itself.
      if (typeof wx.hideShareMenu === 'function') wx.hideShareMenu({});
      return this.load(true);
    },

    onUnload() {
      this.clearBindTimer();
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true);
    },

    async load(showLoading: boolean) {
      if (!this.data._id) {
        this.setData({ phase: 'empty' });
        return;
      }
      if (showLoading) this.setData({ phase: 'loading' });
      try {
        const detail = await getTaskDetail(this.data._id);
        this.setData({ _detail: detail, task: taskView(detail), phase: 'ready' });
      } catch (error) {
        if (error instanceof ApiFailure && MISSING_CODES.has(error.code)) {
          this.setData({ phase: 'empty', task: null });
        } else if (this.data.phase === 'ready') {
          // A failed refresh keeps what the employee was reading.
          toast(failureMessage(error));
        } else {
          this.setData({ phase: 'error', errorText: failureMessage(error) });
        }
      }
    },

    /** 领取任务 (T3, idempotent on the server). */
    async onClaim() {
      const task = this.data.task;
      if (!task || !task.canClaim || this.data.claiming) return;
      this.setData({ claiming: true });
      try {
        await claimTask(task.id);
        toast('领取成功', 'success');
        this.setData({ claiming: false });
        await this.load(false);
      } catch (error) {
        this.setData({ claiming: false });
        toast(failureMessage(error));
        // The task may have changed (ended, unassigned): show it as it is now.
        void this.load(false);
      }
    },

    /** 分享推广: opens 选择分享方式 and mints the 发送给微信好友 share meanwhile. */
    onOpenShare() {
      const task = this.data.task;
      if (!task) return;
      if (!task.canShare) {
        toast(task.shareBlockedReason);
        return;
      }
      this.setData({ sheetOpen: true });
      void this.prepareWechatShare();
    },

    onCloseShare() {
      this.setData({ sheetOpen: false });
    },

    /** The share WeChat's share sheet will carry; one per send, minted before the tap. */
    prepareWechatShare(): Promise<MintedShare | null> {
      if (this.data._wechatShare) return Promise.resolve(this.data._wechatShare);
      const state = runtime(this);
      if (state.minting) return state.minting;
      const minting = mintFor(this, this.data._id, 'wechat_chat')
        .then((share) => {
          this.setData({ _wechatShare: share, wechatReady: true, wechatFailed: false });
          return share;
        })
        .catch(() => {
          this.setData({ wechatFailed: true });
          return null;
        })
        .finally(() => {
          state.minting = null;
        });
      state.minting = minting;
      this.setData({ wechatFailed: false });
      return minting;
    },

    onRetryWechat() {
      return this.prepareWechatShare();
    },

    /**
     * 发送给微信好友: the button (open-type="share") uses the share minted when the panel
     * opened; it is used once, and the next send mints a new one.
     */
    onShareAppMessage() {
      const share = this.data._wechatShare;
      const detail = this.data._detail;
      if (share) {
        this.setData({ _wechatShare: null, wechatReady: false, sheetOpen: false });
        return { title: share.title, path: share.path, imageUrl: share.cover };
      }
      // Not minted yet (a very fast tap): WeChat waits up to 3 s for the promise.
      const title = detail?.shareTitle || detail?.title || '';
      return {
        title,
        path: `/pages/content/index?contentId=${detail?.content.id ?? ''}`,
        promise: this.prepareWechatShare().then((minted) => {
          this.setData({ _wechatShare: null, wechatReady: false, sheetOpen: false });
          return minted ? { title: minted.title, path: minted.path, imageUrl: minted.cover } : {};
        }),
      };
    },

    /** Mints a share for `channel`, showing the option as busy; null after a failure (toasted). */
    async mint(channel: EmployeeShareChannel): Promise<MintedShare | null> {
      if (this.data.busyChannel) return null;
      this.setData({ busyChannel: channel });
      try {
        return await mintFor(this, this.data._id, channel);
      } catch (error) {
        toast(failureMessage(error));
        return null;
      } finally {
        this.setData({ busyChannel: '' });
      }
    },

    /** 发送给企业微信客户: WeCom's 群发助手 with a mini-program card (channel wecom_chat). */
    async onShareWecom() {
      const api = qy();
      if (typeof api?.shareToExternalContact !== 'function') {
        toast('请在企业微信中使用');
        return;
      }
      const share = await this.mint('wecom_chat');
      if (!share) return;
      api.shareToExternalContact({
        text: { content: share.title },
        attachments: [
          {
            msgtype: 'miniprogram',
            miniprogram: {
              appid: appId(),
              title: share.title,
              imgUrl: share.cover,
              page: wecomPage(share.path),
            },
          },
        ],
        success: () => {
          this.setData({ sheetOpen: false });
          toast('已发送', 'success');
        },
        fail: (error) => {
          if (!cancelled(error)) toast('发送失败，请稍后重试');
        },
      });
    },

    /**
     * 发到客户朋友圈 (channel wecom_moments). WeCom's Moments accept text with a link, images or
     * a video, not a mini-program card: the post carries the share's title and its relay
     * address (`link`, a web page that opens the content page with the share for each reader,
     * docs/moments-relay.md).
     * Without a link nothing is posted.
     */
    async onShareMoments() {
      const api = qy();
      if (typeof api?.shareToExternalMoments !== 'function') {
        toast('请在企业微信中使用');
        return;
      }
      const share = await this.mint('wecom_moments');
      if (!share) return;
      if (!share.link) {
        toast('朋友圈链接生成失败，请稍后重试');
        return;
      }
      api.shareToExternalMoments({
        text: { content: share.title },
        attachments: [
          {
            msgtype: 'link',
            link: { title: share.title, imgUrl: share.cover, url: share.link },
          },
        ],
        success: () => {
          this.setData({ sheetOpen: false });
          toast('已发布', 'success');
        },
        fail: (error) => {
          if (!cancelled(error)) toast('发布失败，请稍后重试');
        },
      });
    },

    /** 生成海报 (channel poster): the content with its mini-program code. */
    async onPoster() {
      const share = await this.mint('poster');
      if (!share) return;
      if (!share.posterCode) {
        toast('海报生成失败，请稍后重试');
        return;
      }
      this.setData({
        sheetOpen: false,
        poster: {
          shareId: share.shareId,
          title: share.title,
          cover: share.cover,
          code: share.posterCode,
          codeSrc: codeImageSrc(share.posterCode),
        },
      });
    },

    onClosePoster() {
      this.setData({ poster: null });
    },

    /** 保存到相册: the code is written to a file first (the album takes files only). */
    async onSavePoster() {
      const poster = this.data.poster;
      if (!poster || this.data.saving) return;
      this.setData({ saving: true });
      try {
        const filePath = await posterFile(poster);
        await new Promise<void>((resolve, reject) =>
          wx.saveImageToPhotosAlbum({ filePath, success: () => resolve(), fail: reject }),
        );
        toast('已保存到相册', 'success');
      } catch (error) {
        const errMsg = (error as { errMsg?: string } | null)?.errMsg ?? '';
        if (/auth|deny|denied/i.test(errMsg)) toast('请在设置中允许保存到相册');
        else if (!cancelled({ errMsg })) toast('保存失败，请稍后重试');
      } finally {
        this.setData({ saving: false });
      }
    },

    /** 在微信中打开 (A12): a one-time QR code binding the employee's personal WeChat. */
    onOpenBind() {
      this.setData({ bindOpen: true });
      return this.loadBindCode();
    },

    onCloseBind() {
      this.clearBindTimer();
      this.setData({ bindOpen: false, bindQr: null });
    },

    async loadBindCode() {
      this.clearBindTimer();
      this.setData({ bindPhase: 'loading', bindQr: null });
      try {
        const { qrCode, expiresAt } = await createBindCode();
        if (!this.data.bindOpen) return;
        this.setData({
          bindPhase: 'ready',
          bindQr: { src: codeImageSrc(qrCode), expiresText: expiryText(expiresAt), expired: false },
        });
        const left = Date.parse(expiresAt) - Date.now();
        if (Number.isFinite(left)) {
          runtime(this).bindTimer = setTimeout(
            () => this.setData({ 'bindQr.expired': true }),
            Math.max(0, left),
          );
        }
      } catch (error) {
        this.setData({ bindPhase: 'error', bindError: failureMessage(error) });
      }
    },

    clearBindTimer() {
      const state = runtime(this);
      if (state.bindTimer !== null) clearTimeout(state.bindTimer);
      state.bindTimer = null;
    },

    /** 客户列表: who viewed this task's content through me. */
    onOpenCustomers() {
      wx.navigateTo({
        url: `/packages/task/pages/customers/index?taskId=${encodeURIComponent(this.data._id)}`,
      });
    },

    /** T7: the task's board. */
    onOpenLeaderboard() {
      wx.navigateTo({
        url: `/packages/points/pages/leaderboard/index?taskId=${encodeURIComponent(this.data._id)}`,
      });
    },

    /** Taps inside an overlay's sheet must not reach its mask. */
    noop() {},
  },
});

/** A local file holding the poster's code: written from base64, or downloaded from a URL. */
function posterFile(poster: PosterView): Promise<string> {
  const base64 = codeBase64(poster.code);
  if (base64 === null) {
    return new Promise((resolve, reject) =>
      wx.downloadFile({
        url: poster.code,
        success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(res)),
        fail: reject,
      }),
    );
  }
  const filePath = `${wx.env.USER_DATA_PATH}/poster-${poster.shareId}.png`;
  return new Promise((resolve, reject) =>
    wx.getFileSystemManager().writeFile({
      filePath,
      data: base64,
      encoding: 'base64',
      success: () => resolve(filePath),
      fail: reject,
    }),
  );
}
