/** The `wechatTokens` collection: the WeChat (mini-program openapi) access token shared by every instance. */
import { accessTokenCollection, type AccessTokenDoc } from './access-token-cache';

export type WeChatTokenDoc = AccessTokenDoc;

export const { findTokenDoc, ensureTokenDoc, tryTakeLease, storeToken, releaseLease } =
  accessTokenCollection('wechatTokens');
