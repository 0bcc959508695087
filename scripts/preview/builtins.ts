/// <reference lib="dom" />
// Ambient types of simulate/j-component internals, for every program that compiles this file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor.d.ts" />
/**
 * Built-in components (`image`, `input`, `swiper`, ...) drawn as the WeChat webview draws
 * them. simulate registers them as empty shells, so their attributes (an image's `src`, an
 * input's `value`, a swiper's `current`, `hidden`, ...) never reach the DOM; j-component
 * still keeps them on the element's exparser node (`__wxElement._vt.attrs`, refreshed on
 * every update). Each converter reads them from the live element and writes, on the
 * detached copy that goes to the browser, what the webview would show.
 */
import exparser from 'miniprogram-exparser';
import { pictureFor, type Picture } from './images';

type Attrs = Map<string, unknown>;

interface ExparserBacked {
  __wxElement?: { _vt?: { attrs?: Array<{ name: string; value: unknown }> } };
}

/** The built-in component name of a live element and its template attributes, if it is one. */
export function builtinOf(element: Element): { name: string; attrs: Attrs } | undefined {
  if (!element.tagName.toLowerCase().startsWith('wx-')) return undefined;
  const node = (element as Element & ExparserBacked).__wxElement;
  const attrs = new Map<string, unknown>();
  for (const { name, value } of node?._vt?.attrs ?? []) {
    if (value !== undefined) attrs.set(name, value);
  }
  return { name: element.tagName.toLowerCase().slice(3), attrs };
}

const truthy = (value: unknown) => value !== undefined && value !== false && value !== 'false';
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const number = (value: unknown, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
};
/** A length attribute: numbers are px, strings keep their unit (rpx already converted by CSS only). */
const length = (value: unknown) => {
  const raw = text(value).trim();
  if (!raw) return '0px';
  if (/^-?\d*\.?\d+$/.test(raw)) return `${raw}px`;
  return raw.replace(/(-?\d*\.?\d+)rpx/g, (_a, n: string) => `${Number(n) / 2}px`);
};

/** The simulate prefix of an element's classes (`t-input--...` -> `t-input`), for *-class attributes. */
function classPrefixOf(element: Element): string {
  const cls = Array.from(element.classList).find((c) => c.includes('--'));
  return cls ? cls.slice(0, cls.indexOf('--')) : '';
}

const prefixed = (element: Element, classes: string) => {
  const prefix = classPrefixOf(element);
  return classes
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => (prefix ? `${prefix}--${c}` : c))
    .join(' ');
};

/** Image `mode` -> how the picture fills the box (WeChat's own mapping). */
const IMAGE_FIT: Record<string, { size: string; position: string }> = {
  scaleToFill: { size: '100% 100%', position: '0 0' },
  aspectFit: { size: 'contain', position: 'center' },
  aspectFill: { size: 'cover', position: 'center' },
  widthFix: { size: '100% 100%', position: '0 0' },
  heightFix: { size: '100% 100%', position: '0 0' },
  top: { size: 'auto', position: 'top center' },
  bottom: { size: 'auto', position: 'bottom center' },
  center: { size: 'auto', position: 'center' },
  left: { size: 'auto', position: 'center left' },
  right: { size: 'auto', position: 'center right' },
  'top left': { size: 'auto', position: 'top left' },
  'top right': { size: 'auto', position: 'top right' },
  'bottom left': { size: 'auto', position: 'bottom left' },
  'bottom right': { size: 'auto', position: 'bottom right' },
};

function drawImage(copy: HTMLElement, attrs: Attrs, pageDir: string): void {
  const picture: Picture = pictureFor(text(attrs.get('src')), pageDir);
  const mode = text(attrs.get('mode')) || 'scaleToFill';
  const fit = IMAGE_FIT[mode] ?? IMAGE_FIT.scaleToFill;
  const fill = copy.ownerDocument.createElement('div');
  fill.className = 'pv-image-fill';
  if (picture.url) {
    fill.style.backgroundImage = `url("${picture.url}")`;
    fill.style.backgroundSize = fit.size;
    fill.style.backgroundPosition = fit.position;
  }
  copy.prepend(fill);
  copy.setAttribute('data-wx-mode', mode);
  // widthFix / heightFix take the other side from the picture's proportions.
  if (picture.width && picture.height && (mode === 'widthFix' || mode === 'heightFix')) {
    copy.style.setProperty('aspect-ratio', `${picture.width} / ${picture.height}`);
  }
}

function drawTextField(copy: HTMLElement, live: Element, attrs: Attrs): void {
  const value = text(attrs.get('value'));
  const shown = truthy(attrs.get('password')) ? '•'.repeat(value.length) : value;
  const span = copy.ownerDocument.createElement('span');
  if (shown) {
    span.className = 'pv-field-value';
    span.textContent = shown;
  } else {
    span.className = ['pv-field-placeholder', prefixed(live, text(attrs.get('placeholder-class')))]
      .join(' ')
      .trim();
    span.textContent = text(attrs.get('placeholder'));
    const style = text(attrs.get('placeholder-style'));
    if (style)
      span.setAttribute(
        'style',
        style.replace(/(-?\d*\.?\d+)rpx/g, (_a, n: string) => `${Number(n) / 2}px`),
      );
  }
  copy.replaceChildren(span);
  if (truthy(attrs.get('disabled'))) copy.setAttribute('data-wx-disabled', '');
}

/** Slides side by side in a track moved to `current`, with the indicator dots if asked. */
function drawSwiper(copy: HTMLElement, attrs: Attrs): void {
  const vertical = truthy(attrs.get('vertical'));
  const perView = Math.max(1, number(attrs.get('display-multiple-items'), 1));
  const slides = Array.from(copy.children).filter(
    (c) => c.tagName.toLowerCase() === 'wx-swiper-item',
  );
  const current = Math.min(
    Math.max(0, number(attrs.get('current'), 0)),
    Math.max(0, slides.length - 1),
  );
  const doc = copy.ownerDocument;
  const track = doc.createElement('div');
  track.className = 'pv-swiper-track';
  if (vertical) track.setAttribute('data-vertical', '');
  const before = length(attrs.get('previous-margin'));
  const after = length(attrs.get('next-margin'));
  track.style.inset = vertical ? `${before} 0 ${after} 0` : `0 ${after} 0 ${before}`;
  track.style.transform = `translate${vertical ? 'Y' : 'X'}(${(-100 * current) / perView}%)`;
  for (const slide of slides) {
    (slide as HTMLElement).style.flex = `0 0 ${100 / perView}%`;
    track.append(slide);
  }
  copy.prepend(track);
  if (truthy(attrs.get('indicator-dots')) && slides.length > 1) {
    const dots = doc.createElement('div');
    dots.className = 'pv-swiper-dots';
    if (vertical) dots.setAttribute('data-vertical', '');
    slides.forEach((_slide, index) => {
      const dot = doc.createElement('span');
      dot.style.background =
        text(attrs.get(index === current ? 'indicator-active-color' : 'indicator-color')) ||
        (index === current ? '#000000' : 'rgba(0, 0, 0, .3)');
      dots.append(dot);
    });
    copy.append(dots);
  }
}

function drawScrollView(copy: HTMLElement, attrs: Attrs): void {
  if (truthy(attrs.get('scroll-x'))) copy.setAttribute('data-wx-scroll-x', '');
  if (truthy(attrs.get('scroll-y'))) copy.setAttribute('data-wx-scroll-y', '');
  // Applied by the document's script once laid out (./document.ts).
  for (const name of ['scroll-left', 'scroll-top', 'scroll-into-view']) {
    if (attrs.has(name)) copy.setAttribute(`data-pv-${name}`, text(attrs.get(name)));
  }
}

interface RichTextNode {
  type?: string;
  name?: string;
  text?: string;
  attrs?: Record<string, string>;
  children?: RichTextNode[];
}

/** `rich-text`'s nodes: an HTML string, or the node array form. Scripts never run. */
function drawRichText(copy: HTMLElement, attrs: Attrs): void {
  const nodes = attrs.get('nodes');
  const doc = copy.ownerDocument;
  const build = (node: RichTextNode): Node => {
    if (node.type === 'text') return doc.createTextNode(node.text ?? '');
    const element = doc.createElement(
      /^[a-z][a-z0-9]*$/i.test(node.name ?? '') ? node.name! : 'span',
    );
    for (const [name, value] of Object.entries(node.attrs ?? {})) {
      if (!/^on/i.test(name)) element.setAttribute(name, value);
    }
    for (const child of node.children ?? []) element.append(build(child));
    return element;
  };
  if (typeof nodes === 'string') copy.innerHTML = nodes;
  else if (Array.isArray(nodes)) copy.replaceChildren(...(nodes as RichTextNode[]).map(build));
  copy.querySelectorAll('script').forEach((s) => s.remove());
}

function markButton(copy: HTMLElement, attrs: Attrs): void {
  copy.setAttribute('data-wx-type', text(attrs.get('type')) || 'default');
  copy.setAttribute('data-wx-size', text(attrs.get('size')) || 'default');
  if (truthy(attrs.get('plain'))) copy.setAttribute('data-wx-plain', '');
  if (truthy(attrs.get('disabled'))) copy.setAttribute('data-wx-disabled', '');
}

/**
 * Writes onto `copy` (the detached copy of `live`) what the built-in component shows.
 * `pageDir` resolves relative image paths.
 */
export function drawBuiltin(live: Element, copy: HTMLElement, pageDir: string): void {
  const builtin = builtinOf(live);
  if (!builtin) return;
  const { name, attrs } = builtin;
  if (truthy(attrs.get('hidden'))) copy.setAttribute('hidden', '');
  // ids are not written to the DOM by simulate; scroll-into-view and CSS may need them.
  if (attrs.has('id')) copy.setAttribute('data-wx-id', text(attrs.get('id')));
  switch (name) {
    case 'image':
    case 'cover-image':
      drawImage(copy, attrs, pageDir);
      break;
    case 'input':
    case 'textarea':
      drawTextField(copy, live, attrs);
      break;
    case 'swiper':
      drawSwiper(copy, attrs);
      break;
    case 'scroll-view':
      drawScrollView(copy, attrs);
      break;
    case 'rich-text':
      drawRichText(copy, attrs);
      break;
    case 'button':
      markButton(copy, attrs);
      break;
    default:
      break;
  }
}

const announced = new WeakMap<Element, string>();

/**
 * Tells every `<image>` under `roots` that its picture arrived, as the runtime does once it
 * downloads: `load` with the picture's size (tdesign's t-image shows its loading dots until
 * then), or `error` for a path the mini-program does not ship. Once per element and src.
 */
export function announceImages(roots: Element[], pageDir: string): void {
  for (const element of roots.flatMap((root) => Array.from(root.querySelectorAll('wx-image')))) {
    const src = text(builtinOf(element)?.attrs.get('src'));
    if (!src || announced.get(element) === src) continue;
    announced.set(element, src);
    const picture = pictureFor(src, pageDir);
    const event = picture.missing
      ? exparser.Event.create(
          'error',
          { errMsg: `GET ${src} 404 (Not Found)` },
          { bubbles: false, composed: false },
        )
      : exparser.Event.create(
          'load',
          { width: picture.width, height: picture.height },
          { bubbles: false, composed: false },
        );
    exparser.Event.dispatchEvent((element as Element & ExparserBacked).__wxElement, event);
  }
}
