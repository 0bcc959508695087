/** The `wecomTokens` collection: the WeCom access token shared by every instance. */
import { accessTokenCollection, type AccessTokenDoc } from './access-token-cache';

export type WeComTokenDoc = AccessTokenDoc;

export const { findTokenDoc, ensureTokenDoc, tryTakeLease, storeToken, releaseLease } =
  accessTokenCollection('wecomTokens');
