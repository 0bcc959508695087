/**
 * A fake of WeChat's mini-program server openapi, https://api.weixin.qq.com: access tokens,
 * unlimited mini-program codes (小程序码), URL Links and subscribe messages (订阅消息). Real JSON
 * shapes and errcodes, a real PNG for the code, recorded codes, links and sends, and fault
 * control. Mounted at `/wechat`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import { z } from 'zod';
import {
  type ErrorReply,
  type FakeApi,
  type FaultControl,
  FakeClock,
  FaultInjector,
  TokenStore,
  controlRoute,
  faultControls,
  handleSharedControl,
  parseJsonObject,
  sendFault,
  sendJson,
  unknownControlRoute,
} from './http';

// ---- Types ------------------------------------------------------------------------------------

export interface WeChatFakeOptions {
  appId: string;
  appSecret: string;
  /**
   * Pages of the published version; `getwxacodeunlimit` with `check_path` (the default) and
   * `generate_urllink` accept only these. The first is the home page.
   * Default: `['pages/index/index']`.
   */
  publishedPages?: string[];
  now?: () => number;
}

/** A mini-program code the fake generated. */
export interface WeChatCodeRecord {
  at: number;
  scene: string;
  /** The page the code opens ('' means the home page). */
  page: string;
  envVersion: 'release' | 'trial' | 'develop';
  checkPath: boolean;
  width: number;
}

/** A URL Link (`wxa/generate_urllink`) the fake generated. */
export interface WeChatUrlLinkRecord {
  at: number;
  /** `https://wxaurl.cn/<11 characters>`, as answered. */
  urlLink: string;
  /** The page the link opens ('' means the home page). */
  path: string;
  query: string;
  envVersion: 'release' | 'trial' | 'develop';
  /** 0: expires at `expire_time`; 1: after `expire_interval` days. */
  expireType: 0 | 1;
  /** When the link stops opening the mini-program, on the fake clock. */
  expiresAt: number;
}

/** The data of a subscribe message: `{ thing1: { value: '...' }, time2: { value: '...' } }`. */
export type SubscribeMessageData = Record<string, { value: string }>;

/** A `message/subscribe/send` the fake accepted. */
export interface WeChatSubscribeRecord {
  at: number;
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  miniprogram_state?: string;
  lang?: string;
  data: SubscribeMessageData;
}

/** Test control of the WeChat fake (also over HTTP under `/__control/`). */
export interface WeChatControl extends FaultControl {
  /** The user accepted `times` one-time subscriptions (wx.requestSubscribeMessage); each send uses one. */
  subscribe(openid: string, templateId: string, times?: number): void;
  /** One-time subscriptions left. */
  remainingSubscriptions(openid: string, templateId: string): number;
  /** Copies of the accepted subscribe messages, oldest first. */
  sent(): WeChatSubscribeRecord[];
  /** Copies of the generated mini-program codes, oldest first. */
  codes(): WeChatCodeRecord[];
  /** Copies of the generated URL Links, oldest first. */
  urlLinks(): WeChatUrlLinkRecord[];
  /**
   * A WeChat user opens a URL Link, as WeChat decides it since 2022-04-11: an unknown or
   * expired link opens nothing; a link opened once opens again only for the user who opened it
   * first. Answers the page and query it opens, or why not.
   */
  openUrlLink(
    urlLink: string,
    openid: string,
  ): { path: string; query: string } | { refused: 'unknown' | 'expired' | 'taken' };
  /** Replaces the pages of the published version. */
  setPublishedPages(pages: string[]): void;
}

export type WeChatFake = FakeApi & { control: WeChatControl };

// ---- Constants --------------------------------------------------------------------------------

const TOKEN_TTL_MS = 7200 * 1000;
/** After a new token is issued, WeChat keeps the previous one working for 5 minutes. */
const OLD_TOKEN_GRACE_MS = 5 * 60 * 1000;
const DEFAULT_PAGES = ['pages/index/index'];
/** Documented scene alphabet: digits, letters and !#$&'()*+,/:;=?@-._~ */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
const SCENE_MAX_LENGTH = 32;
/** Documented URL Link query alphabet: digits, letters and !#$&'()*+,/:;=?@-._~% */
const LINK_QUERY_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
const LINK_QUERY_MAX_LENGTH = 1024;
/** URL Links live at most 30 days (expire_time or expire_interval), and at least a minute. */
const LINK_MAX_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const LINK_MIN_MS = 60 * 1000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40037: 'invalid template_id',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40165: 'invalid weapp pagepath',
  40169: 'invalid length for scene, or the data is not json string',
  40212: 'invalid query',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit, must slower, retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  85401: 'time limit between 1min and 30days',
  85402: 'invalid env_version',
};

function errmsgFor(code: number, detail?: string): string {
  const base = detail ? `${ERRMSG[code] ?? 'error'} ${detail}` : (ERRMSG[code] ?? 'error');
  // WeChat appends a request id; keeping it stops adapters from matching errmsg text.
  const rid = [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');
  return `${base} rid: ${rid}`;
}

function weChatError(errcode: number, detail?: string): ErrorReply {
  return { errcode, errmsg: errmsgFor(errcode, detail) };
}

/**
 * Value rules of subscribe message fields by key prefix (`thing1` -> thing), as documented;
 * breaking one is WeChat's most common rejection (47003).
 */
const FIELD_RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => length(v) <= 20,
  number: (v) => /^\d+(\.\d+)?$/.test(v) && v.length <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => length(v) <= 5,
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: (v) => /\d/.test(v),
  date: (v) => /\d/.test(v),
  amount: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[+\d-]{1,17}$/.test(v),
  car_number: (v) => length(v) <= 8,
  name: (v) => length(v) <= (/^[\x20-\x7e]*$/.test(v) ? 20 : 10),
  phrase: (v) => /^[\u4e00-\u9fa5]{1,5}$/.test(v),
};

function length(value: string): number {
  return [...value].length;
}

// ---- The fake ---------------------------------------------------------------------------------

type TokenKind = 'token' | 'stable_token';

interface Call {
  query: URLSearchParams;
  body: Buffer;
}

/** What a route answers: JSON, or a PNG image. */
type Reply = object | { png: Buffer };

/** Creates the WeChat openapi fake; mount it and point the adapter's base URL at the mount. */
export function createWeChatFake(options: WeChatFakeOptions): WeChatFake {
  const clock = new FakeClock(options.now);
  const tokens = new TokenStore<TokenKind>();
  const faults = new FaultInjector();
  let publishedPages = [...(options.publishedPages ?? DEFAULT_PAGES)];
  let subscriptions = new Map<string, number>();
  let sent: WeChatSubscribeRecord[] = [];
  let codes: WeChatCodeRecord[] = [];
  /** Who opened each URL Link first (only they can open it again). */
  const linkOpeners = new Map<string, string>();
  let urlLinks: WeChatUrlLinkRecord[] = [];
  let lastMsgid = 2_000_000_000;

  const subscriptionKey = (openid: string, templateId: string) => `${openid}\n${templateId}`;

  function authorize(query: URLSearchParams): ErrorReply | undefined {
    const checked = tokens.check(query.get('access_token'), clock.now());
    if ('owner' in checked) return undefined;
    return weChatError({ missing: 41001, invalid: 40001, expired: 42001 }[checked.problem]);
  }

  function checkCredentials(
    grantType: unknown,
    appId: unknown,
    secret: unknown,
  ): ErrorReply | undefined {
    if (grantType !== 'client_credential') return weChatError(40002);
    if (!appId) return weChatError(41002);
    if (!secret) return weChatError(41004);
    if (appId !== options.appId) return weChatError(40013);
    if (secret !== options.appSecret) return weChatError(40125);
    return undefined;
  }

  /** `GET /cgi-bin/token`: every call issues a new token; the previous one lives 5 more minutes. */
  function getToken({ query }: Call): Reply {
    const error = checkCredentials(
      query.get('grant_type'),
      query.get('appid'),
      query.get('secret'),
    );
    if (error) return error;
    const now = clock.now();
    tokens.shortenLive(now, now + OLD_TOKEN_GRACE_MS, (kind) => kind === 'token');
    return { access_token: tokens.mint('token', now + TOKEN_TTL_MS), expires_in: 7200 };
  }

  /** `POST /cgi-bin/stable_token`: the same token while valid, unless `force_refresh`. */
  function getStableToken({ body }: Call): Reply {
    const input = parseJsonObject(body);
    if (!input) return weChatError(47001);
    const error = checkCredentials(input.grant_type, input.appid, input.secret);
    if (error) return error;
    const now = clock.now();
    const isStable = (kind: TokenKind) => kind === 'stable_token';
    const live = tokens.findLive(now, isStable);
    if (live && input.force_refresh !== true) {
      return { access_token: live.token, expires_in: Math.ceil((live.expiresAt - now) / 1000) };
    }
    tokens.shortenLive(now, now + OLD_TOKEN_GRACE_MS, isStable);
    return { access_token: tokens.mint('stable_token', now + TOKEN_TTL_MS), expires_in: 7200 };
  }

  /** `POST /wxa/getwxacodeunlimit`: a PNG on success, JSON on error. */
  function getUnlimitedCode({ query, body }: Call): Reply {
    const authError = authorize(query);
    if (authError) return authError;
    const input = parseJsonObject(body);
    if (!input) return weChatError(47001);

    const scene = input.scene;
    if (typeof scene !== 'string' || scene.length === 0 || length(scene) > SCENE_MAX_LENGTH) {
      return weChatError(40169);
    }
    if (!SCENE_CHARS.test(scene)) return weChatError(40129);

    const envVersion = input.env_version ?? 'release';
    if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') {
      return weChatError(40097);
    }
    const page = typeof input.page === 'string' ? input.page : '';
    const checkPath = input.check_path !== false;
    // A page is a path without a leading '/' and without a query (parameters go in the scene).
    const wellFormed = !page.startsWith('/') && !page.includes('?');
    if (!wellFormed || (checkPath && page !== '' && !publishedPages.includes(page))) {
      return weChatError(41030);
    }
    // Out-of-range widths are clamped, not refused.
    const requested = typeof input.width === 'number' ? input.width : 430;
    const width = Math.round(Math.min(1280, Math.max(280, requested)));

    codes.push({ at: clock.now(), scene, page, envVersion, checkPath, width });
    return { png: renderCode(`${scene}\n${page}\n${envVersion}`, width) };
  }

  /**
   * `POST /wxa/generate_urllink`: `{ errcode: 0, errmsg: 'ok', url_link }`. The path must be a
   * page of the published version (any env_version: the documented rule has no exception),
   * without a leading '/' or a query (40165); the query keeps to 1024 characters of the
   * documented alphabet (40212); env_version is a known one (85402); the expiry lies between a
   * minute and 30 days ahead (85401).
   */
  function generateUrlLink({ query, body }: Call): Reply {
    const authError = authorize(query);
    if (authError) return authError;
    const input = parseJsonObject(body);
    if (!input) return weChatError(47001);

    const path = input.path ?? '';
    if (
      typeof path !== 'string' ||
      path.startsWith('/') ||
      path.includes('?') ||
      (path !== '' && !publishedPages.includes(path))
    ) {
      return weChatError(40165);
    }
    const linkQuery = input.query ?? '';
    if (
      typeof linkQuery !== 'string' ||
      linkQuery.length > LINK_QUERY_MAX_LENGTH ||
      !LINK_QUERY_CHARS.test(linkQuery)
    ) {
      return weChatError(40212);
    }
    const envVersion = input.env_version ?? 'release';
    if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') {
      return weChatError(85402);
    }

    const now = clock.now();
    const expireType = input.expire_type ?? 0;
    let expiresAt: number;
    if (expireType === 1) {
      const days = input.expire_interval;
      if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > LINK_MAX_DAYS) {
        return weChatError(85401);
      }
      expiresAt = now + (days as number) * DAY_MS;
    } else if (expireType === 0) {
      const seconds = input.expire_time;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return weChatError(85401);
      expiresAt = seconds * 1000;
      if (expiresAt - now < LINK_MIN_MS || expiresAt - now > LINK_MAX_DAYS * DAY_MS) {
        return weChatError(85401);
      }
    } else {
      return weChatError(40097);
    }

    const urlLink = `https://wxaurl.cn/${randomBase62(11)}`;
    urlLinks.push({ at: now, urlLink, path, query: linkQuery, envVersion, expireType, expiresAt });
    return { errcode: 0, errmsg: 'ok', url_link: urlLink };
  }

  /** `POST /cgi-bin/message/subscribe/send`: consumes one of the user's one-time subscriptions. */
  function sendSubscribeMessage({ query, body }: Call): Reply {
    const authError = authorize(query);
    if (authError) return authError;
    const input = parseJsonObject(body);
    if (!input) return weChatError(47001);
    const { touser, template_id: templateId, data } = input;
    if (typeof touser !== 'string' || touser === '') return weChatError(40003);
    if (typeof templateId !== 'string' || templateId === '') return weChatError(40037);
    const dataError = checkData(data);
    if (dataError) return dataError;

    const key = subscriptionKey(touser, templateId);
    const remaining = subscriptions.get(key) ?? 0;
    if (remaining <= 0) return weChatError(43101);
    subscriptions.set(key, remaining - 1);

    lastMsgid += 1;
    const optional = (name: string) =>
      typeof input[name] === 'string' ? { [name]: input[name] as string } : {};
    sent.push({
      at: clock.now(),
      msgid: lastMsgid,
      touser,
      template_id: templateId,
      ...optional('page'),
      ...optional('miniprogram_state'),
      ...optional('lang'),
      data: structuredClone(data as SubscribeMessageData),
    });
    return { errcode: 0, errmsg: 'ok', msgid: lastMsgid };
  }

  const routes: Record<string, { post?: true; run: (call: Call) => Reply }> = {
    '/cgi-bin/token': { run: getToken },
    '/cgi-bin/stable_token': { post: true, run: getStableToken },
    '/wxa/getwxacodeunlimit': { post: true, run: getUnlimitedCode },
    '/wxa/generate_urllink': { post: true, run: generateUrlLink },
    '/cgi-bin/message/subscribe/send': { post: true, run: sendSubscribeMessage },
  };

  const control: WeChatControl = {
    subscribe(openid, templateId, times = 1) {
      const key = subscriptionKey(openid, templateId);
      subscriptions.set(key, (subscriptions.get(key) ?? 0) + times);
    },
    remainingSubscriptions: (openid, templateId) =>
      subscriptions.get(subscriptionKey(openid, templateId)) ?? 0,
    sent: () => structuredClone(sent),
    codes: () => structuredClone(codes),
    urlLinks: () => structuredClone(urlLinks),
    openUrlLink(urlLink, openid) {
      const link = urlLinks.find((l) => l.urlLink === urlLink);
      if (!link) return { refused: 'unknown' };
      if (clock.now() >= link.expiresAt) return { refused: 'expired' };
      const first = linkOpeners.get(urlLink);
      if (first !== undefined && first !== openid) return { refused: 'taken' };
      linkOpeners.set(urlLink, openid);
      return { path: link.path, query: link.query };
    },
    setPublishedPages(pages) {
      publishedPages = [...pages];
    },
    ...faultControls(faults),
    expireTokens: () => tokens.expireAll(clock.now()),
    advanceClock: (ms) => clock.advance(ms),
    reset() {
      tokens.clear();
      faults.restore();
      clock.reset();
      publishedPages = [...(options.publishedPages ?? DEFAULT_PAGES)];
      subscriptions = new Map();
      sent = [];
      codes = [];
      urlLinks = [];
      linkOpeners.clear();
    },
  };

  const subscribeSchema = z.object({
    openid: z.string().min(1),
    templateId: z.string().min(1),
    times: z.number().int().min(1).default(1),
  });

  function handleControl(route: string, res: ServerResponse, body: Buffer): boolean {
    switch (route) {
      case 'subscribe':
        return controlRoute(res, body, subscribeSchema, ({ openid, templateId, times }) => {
          control.subscribe(openid, templateId, times);
          return { remaining: control.remainingSubscriptions(openid, templateId) };
        });
      case 'sent':
        return controlRoute(res, body, z.object({}), () => ({ messages: control.sent() }));
      case 'codes':
        return controlRoute(res, body, z.object({}), () => ({ codes: control.codes() }));
      case 'url-links':
        return controlRoute(res, body, z.object({}), () => ({ urlLinks: control.urlLinks() }));
      case 'pages':
        return controlRoute(res, body, z.object({ pages: z.array(z.string()) }), ({ pages }) =>
          control.setPublishedPages(pages),
        );
      default:
        return (
          handleSharedControl(route, res, body, control, () => clock.now()) ||
          unknownControlRoute(res, route)
        );
    }
  }

  return {
    control,
    handle(
      req: IncomingMessage,
      res: ServerResponse,
      path: string,
      query: URLSearchParams,
      body: Buffer,
    ) {
      if (path.startsWith('/__control/')) {
        return handleControl(path.slice('/__control/'.length), res, body);
      }
      const route = routes[path];
      if (!route) return false;
      const fault = faults.take(path, clock.now());
      if (fault) return sendFault(res, fault, (code) => errmsgFor(code));
      if (route.post && req.method !== 'POST') return sendJson(res, weChatError(43002));
      const reply = route.run({ query, body });
      if (!('png' in reply)) return sendJson(res, reply);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': reply.png.length });
      res.end(reply.png);
      return true;
    },
  };
}

function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && text.length < length) text += BASE62[byte % 62];
    }
  }
  return text;
}

/** 47003 when a field is not `{ value: string }` or breaks its documented rule. */
function checkData(data: unknown): ErrorReply | undefined {
  if (data === null || typeof data !== 'object' || Object.keys(data).length === 0) {
    return weChatError(47003, 'data is empty');
  }
  for (const [key, field] of Object.entries(data)) {
    const value: unknown = (field as { value?: unknown } | null)?.value;
    const rule = FIELD_RULES[key.replace(/\d+$/, '')];
    if (typeof value !== 'string' || value === '' || (rule && !rule(value))) {
      return weChatError(47003, `data.${key}.value invalid`);
    }
  }
  return undefined;
}

// ---- The picture --------------------------------------------------------------------------------

const MODULES = 25;
const FINDER = 7;

/**
 * A QR-looking grayscale PNG, `width` pixels square, whose modules come from a hash of `seed`:
 * deterministic, and different for different scenes. Nothing can decode it; tests read the
 * scene from `control.codes()`.
 */
function renderCode(seed: string, width: number): Buffer {
  const bits = hashBits(seed, MODULES * MODULES);
  // Three 7x7 position squares in the corners, as on a QR code.
  const far = MODULES - FINDER;
  const isFinder = (x: number, y: number) =>
    (x < FINDER && y < FINDER) || (x >= far && y < FINDER) || (x < FINDER && y >= far);
  const finderDark = (x: number, y: number) => {
    const fx = x < FINDER ? x : x - far;
    const fy = y < FINDER ? y : y - far;
    return Math.min(fx, fy, FINDER - 1 - fx, FINDER - 1 - fy) !== 1; // ring, gap, 3x3 centre
  };
  const moduleSize = Math.floor(width / (MODULES + 2));
  const margin = Math.floor((width - moduleSize * MODULES) / 2);
  const pixels = Buffer.alloc(width * width, 255);
  for (let y = 0; y < MODULES; y++) {
    for (let x = 0; x < MODULES; x++) {
      const dark = isFinder(x, y) ? finderDark(x, y) : bits[y * MODULES + x];
      if (!dark) continue;
      for (let py = 0; py < moduleSize; py++) {
        const row = (margin + y * moduleSize + py) * width + margin + x * moduleSize;
        pixels.fill(0, row, row + moduleSize);
      }
    }
  }
  return encodeGrayscalePng(width, width, pixels);
}

function hashBits(seed: string, count: number): boolean[] {
  const bits: boolean[] = [];
  for (let round = 0; bits.length < count; round++) {
    const digest = createHash('sha256').update(`${round}:${seed}`).digest();
    for (const byte of digest) for (let i = 7; i >= 0; i--) bits.push(((byte >> i) & 1) === 1);
  }
  return bits.slice(0, count);
}

/** PNG: signature, IHDR (8-bit grayscale), one zlib IDAT of filter-0 scanlines, IEND. */
function encodeGrayscalePng(width: number, height: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale (compression, filter, interlace stay 0)
  const scanlines = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    pixels.copy(scanlines, y * (width + 1) + 1, y * width, (y + 1) * width);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const chunk = Buffer.alloc(8 + data.length + 4);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return chunk;
}
