import type { PagePhase } from '../../../../components/page-state/phase';
import { redeemBind } from '../../../../services/attribution';
import { ApiFailure, failureMessage } from '../../../../services/index';

/** Why a token bound nothing, as the person holding the phone reads it (A12). */
type Refusal = 'used' | 'expired' | 'invalid';

const REFUSALS: Record<Refusal, { title: string; hint: string }> = {
  used: { title: '二维码已使用', hint: '每个二维码只能使用一次，请在企业微信中重新生成' },
  expired: { title: '二维码已过期', hint: '二维码 10 分钟内有效，请在企业微信中重新生成' },
  invalid: { title: '二维码无效', hint: '请在企业微信的任务详情中点击「在微信中打开」重新生成' },
};

/** The server's refusal codes, read by what they say (USED / EXPIRED / INVALID, NOT_FOUND). */
function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiFailure)) return null;
  if (/USED/.test(error.code)) return 'used';
  if (/EXPIRED/.test(error.code)) return 'expired';
  if (/INVALID|NOT_FOUND/.test(error.code)) return 'invalid';
  return null;
}

/**
 * A12 landing: opened in the employee's personal WeChat from the QR code
 * (`?scene=b_<token>`). Redeems the one-time token and says whose WeChat identity this is
 * now, or why nothing was bound (已使用 / 已过期 / 无效).
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase,
    errorText: '',
    employeeName: '',
    refusal: null as { title: string; hint: string } | null,
    _token: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const scene = query.scene ? decodeURIComponent(query.scene) : '';
      const token = scene.startsWith('b_') ? scene.slice(2) : '';
      this.setData({ _token: token });
      return this.redeem();
    },

    onRetry() {
      this.setData({ phase: 'loading' });
      return this.redeem();
    },

    async redeem() {
      if (!this.data._token) {
        this.setData({ phase: 'ready', refusal: REFUSALS.invalid });
        return;
      }
      try {
        const { employeeName } = await redeemBind(this.data._token);
        this.setData({ phase: 'ready', employeeName, refusal: null });
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal) this.setData({ phase: 'ready', refusal: REFUSALS[refusal] });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },
  },
});
