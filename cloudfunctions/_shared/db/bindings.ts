import { db, rows } from '../runtime/cloud';

/** An OPENID bound to an employee at login (WeCom) or through the QR code (WeChat, A12). */
export interface BindingDoc {
  _id: string;
  userId: string;
  corpId: string;
  source: 'wecom' | 'wechat';
  boundAt: Date;
}

const bindings = () => db.collection('bindings');

/** The binding of this OPENID, or null when the caller is not an employee. */
export async function findBinding(openid: string): Promise<BindingDoc | null> {
  const data = await rows<BindingDoc>(bindings().where({ _id: openid }).limit(1).get());
  return data[0] ?? null;
}

/**
 * Binds an OPENID to the employee WeCom just vouched for (`set`: a later verified login of
 * another member on the same OPENID rebinds it, the newest proof wins).
 */
export async function bindOpenid(
  openid: string,
  userId: string,
  corpId: string,
  now: Date,
): Promise<void> {
  await bindings()
    .doc(openid)
    .set({ data: { userId, corpId, source: 'wecom', boundAt: now } });
}

/** Removes this OPENID's binding (logout): the next call must log in again. */
export async function removeBinding(openid: string): Promise<void> {
  await bindings().where({ _id: openid }).remove();
}

/**
 * A12: binds a personal WeChat OPENID to the employee whose one-time token it redeemed
 * (`set`: the newest proof wins, as for {@link bindOpenid}).
 */
export async function bindWechatOpenid(
  openid: string,
  userId: string,
  corpId: string,
  now: Date,
): Promise<void> {
  await bindings()
    .doc(openid)
    .set({ data: { userId, corpId, source: 'wechat', boundAt: now } });
}
