import { db, rows } from '../runtime/cloud';

/** An OPENID bound to an employee at login (WeCom) or through the QR code (WeChat, A12). */
export interface BindingDoc {
  _id: string;
  userId: string;
  corpId: string;
  source: 'wecom' | 'wechat';
  boundAt: Date;
}

/** The binding of this OPENID, or null when the caller is not an employee. */
export async function findBinding(openid: string): Promise<BindingDoc | null> {
  const data = await rows<BindingDoc>(
    db.collection('bindings').where({ _id: openid }).limit(1).get(),
  );
  return data[0] ?? null;
}
