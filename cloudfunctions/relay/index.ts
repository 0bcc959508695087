/**
 * The `relay` function, HTTP-triggered at `/relay-api` beside the static page
 * `hosting/relay/index.html` (docs/moments-relay.md): for one reader of a 客户朋友圈 post it
 * mints a fresh URL Link into the content page with the post's share, or, when WeChat refuses
 * (daily quota, outage), answers the mini-program code to scan instead. Anyone may call it: it
 * reveals nothing but whether a share can still be opened, and it writes nothing.
 */
import { findShare } from '../_shared/db/shares';
import { findTask } from '../_shared/db/tasks';
import { RELAY_MESSAGES, relayRefusal } from '../_shared/domain/relay';
import { generateUrlLink, getUnlimitedCode, WeChatApiError } from '../_shared/wechat/client';

const CONTENT_PAGE = 'pages/content/index';
/** A reader's link is theirs alone: it need not outlive the visit by much. */
const LINK_DAYS = 1;

interface HttpEvent {
  httpMethod?: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function answer(statusCode: number, body: object): HttpAnswer {
  return {
    statusCode,
    // Never cached: every reader must get a link of their own. Any origin may ask (the hosting
    // and the HTTP access path can live on different domains); nothing private is answered.
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    },
    body: JSON.stringify(body),
  };
}

const STATUS = { INVALID_SHARE: 400, SHARE_NOT_FOUND: 404, SHARE_EXPIRED: 410 } as const;

export async function main(event: HttpEvent): Promise<HttpAnswer> {
  try {
    if ((event?.httpMethod ?? 'GET').toUpperCase() !== 'GET')
      return answer(405, { ok: false, code: 'METHOD_NOT_ALLOWED', message: '请求方式不支持' });
    const shareId = event?.queryStringParameters?.s;
    const pattern = relayRefusal(shareId, null, null, new Date());
    if (pattern === 'INVALID_SHARE')
      return answer(400, { ok: false, code: pattern, message: RELAY_MESSAGES[pattern] });
    const share = await findShare(shareId as string);
    const task = share ? await findTask(share.taskId) : null;
    const refusal = relayRefusal(shareId, share, task, new Date());
    if (refusal)
      return answer(STATUS[refusal], {
        ok: false,
        code: refusal,
        message: RELAY_MESSAGES[refusal],
      });
    try {
      const url = await generateUrlLink({ path: CONTENT_PAGE, query: `s=${shareId}` }, LINK_DAYS);
      return answer(200, { ok: true, kind: 'link', url });
    } catch (error) {
      if (!(error instanceof WeChatApiError)) throw error;
      console.error('[relay] generate_urllink failed', error.errcode, error.errmsg);
    }
    // The fallback: the content page's code with the share as its scene, to scan or long-press.
    const png = await getUnlimitedCode({ scene: shareId as string, page: CONTENT_PAGE });
    return answer(200, {
      ok: true,
      kind: 'code',
      image: `data:image/png;base64,${png.toString('base64')}`,
      message: '长按识别小程序码，打开内容',
    });
  } catch (error) {
    console.error('[relay] unavailable', error);
    return answer(503, {
      ok: false,
      code: 'RELAY_UNAVAILABLE',
      message: RELAY_MESSAGES.RELAY_UNAVAILABLE,
    });
  }
}
