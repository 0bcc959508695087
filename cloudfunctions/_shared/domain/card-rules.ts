/**
 * The rules of the business card (名片设置, M1): limits, checks and the mobile as customers see
 * it, each with the Chinese message the page shows at the field. Plain ES2020, no imports:
 * scripts/build-miniprogram.mjs copies this file into the card page
 * (miniprogram/packages/me/pages/card/card-rules.ts, generated), so the page and the server
 * check a card the same way.
 */
export const CARD_LIMITS = { name: 20, title: 30, company: 40, intro: 200, url: 500 } as const;

/** What 保存 sends; the avatar comes from WeCom. */
export interface CardDraft {
  name: string;
  title: string;
  company: string;
  mobile: string;
  showFullMobile: boolean;
  wecomQrCode: string;
  intro: string;
}

export type CardField = Exclude<keyof CardDraft, 'showFullMobile'>;

export type CardChecked =
  { ok: true; value: CardDraft } | { ok: false; field: CardField; message: string };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const HTTPS_URL = /^https:\/\/[^\s]+$/;

/** Characters as people count them (an emoji is one), not UTF-16 units. */
function charCount(text: string): number {
  return Array.from(text).length;
}

/** Trims a card's texts and checks them; the value is what gets stored. */
export function checkCard(draft: CardDraft): CardChecked {
  const value: CardDraft = {
    name: draft.name.trim(),
    title: draft.title.trim(),
    company: draft.company.trim(),
    mobile: draft.mobile.replace(/[\s-]/g, ''),
    showFullMobile: draft.showFullMobile === true,
    wecomQrCode: draft.wecomQrCode.trim(),
    intro: draft.intro.trim(),
  };
  const problem = (field: CardField, message: string): CardChecked => ({
    ok: false,
    field,
    message,
  });
  if (!value.name) return problem('name', '请填写姓名');
  if (charCount(value.name) > CARD_LIMITS.name)
    return problem('name', `姓名最多 ${CARD_LIMITS.name} 个字`);
  if (charCount(value.title) > CARD_LIMITS.title)
    return problem('title', `职位最多 ${CARD_LIMITS.title} 个字`);
  if (charCount(value.company) > CARD_LIMITS.company)
    return problem('company', `公司名称最多 ${CARD_LIMITS.company} 个字`);
  if (value.mobile && !MAINLAND_MOBILE.test(value.mobile))
    return problem('mobile', '请填写正确的11位手机号码，或留空');
  if (
    value.wecomQrCode &&
    (!HTTPS_URL.test(value.wecomQrCode) || value.wecomQrCode.length > CARD_LIMITS.url)
  )
    return problem('wecomQrCode', '企业微信二维码须为 https:// 开头的图片地址，或留空');
  if (charCount(value.intro) > CARD_LIMITS.intro)
    return problem('intro', `个人简介最多 ${CARD_LIMITS.intro} 个字`);
  return { ok: true, value };
}

/** The mobile as customers see it: masked (138****8000) unless shown in full (M1 privacy). */
export function shownMobile(mobile: string, showFullMobile: boolean): string {
  if (showFullMobile) return mobile;
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : mobile ? '****' : '';
}
