/**
 * The rules of the content library and the tag library (AD1, AD5), beyond the schema: limits,
 * duplicates, reserved names, each with the Chinese message the editor shows at the field.
 * docs/admin-content.md explains the numbers.
 *
 * Plain ES2020, no imports: scripts/build-miniprogram.mjs copies this file into the editors
 * (miniprogram/packages/admin/pages/content-edit/content-rules.ts, generated), so the editor
 * shows the same message before saving.
 */

export const ARTICLE_LIMITS = {
  title: 60,
  summary: 120,
  url: 500,
  blocks: 50,
  text: 2000,
  heading: 30,
  topicTags: 5,
} as const;

export const FORM_LIMITS = {
  title: 30,
  fields: 20,
  label: 20,
  options: 20,
  option: 20,
  consentText: 200,
} as const;

export const TAG_LIMITS = { groupName: 12, tag: 12, tagsPerGroup: 50, groups: 30 } as const;

/** A rule broken: where (a field path such as `blocks.2.text`) and what to tell the admin. */
export interface Problem {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | ({ ok: false } & Problem);

type BlockType = 'text' | 'heading' | 'image';

export interface ArticleDraft {
  title: string;
  cover: string;
  summary: string;
  blocks: { type: BlockType; text?: string; url?: string }[];
  topicTags: string[];
  formId: string | null;
}

type FieldType = 'text' | 'phone' | 'select';

export interface FormDraft {
  title: string;
  fields: { key: string; label: string; type: FieldType; required: boolean; options?: string[] }[];
  consentText: string;
}

const HTTPS_URL = /^https:\/\/[^\s]+$/;
const FIELD_KEY = /^[a-z][a-z0-9_]{0,31}$/;

/** Characters as people count them (an emoji is one), not UTF-16 units. */
export function charCount(text: string): number {
  return Array.from(text).length;
}

const problem = (field: string, message: string): { ok: false } & Problem => ({
  ok: false,
  field,
  message,
});

function duplicateOf(values: string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/** Trims an article's texts and checks it; the value is what gets stored. */
export function checkArticle(input: ArticleDraft): Checked<ArticleDraft> {
  const value: ArticleDraft = {
    title: input.title.trim(),
    cover: input.cover.trim(),
    summary: input.summary.trim(),
    blocks: input.blocks.map((block) =>
      block.type === 'image'
        ? { type: 'image', url: (block.url ?? '').trim() }
        : { type: block.type, text: (block.text ?? '').trim() },
    ),
    topicTags: input.topicTags.map((tag) => tag.trim()),
    formId: input.formId,
  };
  const L = ARTICLE_LIMITS;
  if (!value.title) return problem('title', '请填写标题');
  if (charCount(value.title) > L.title) return problem('title', `标题不能超过 ${L.title} 个字`);
  if (!value.cover) return problem('cover', '请填写封面图片地址');
  if (!HTTPS_URL.test(value.cover) || value.cover.length > L.url)
    return problem('cover', '封面须为 https:// 开头的图片地址');
  if (charCount(value.summary) > L.summary)
    return problem('summary', `摘要不能超过 ${L.summary} 个字`);
  if (value.blocks.length === 0) return problem('blocks', '请至少添加一段正文');
  if (value.blocks.length > L.blocks) return problem('blocks', `正文最多 ${L.blocks} 段`);
  for (let i = 0; i < value.blocks.length; i += 1) {
    const block = value.blocks[i];
    const where = `第 ${i + 1} 段`;
    if (block.type === 'image') {
      if (!block.url) return problem(`blocks.${i}.url`, `${where}：请填写图片地址`);
      if (!HTTPS_URL.test(block.url) || block.url.length > L.url)
        return problem(`blocks.${i}.url`, `${where}：图片须为 https:// 开头的地址`);
    } else {
      const text = block.text ?? '';
      const [name, max] = block.type === 'heading' ? ['小标题', L.heading] : ['文字', L.text];
      if (!text) return problem(`blocks.${i}.text`, `${where}：${name}不能为空`);
      if (charCount(text) > max)
        return problem(`blocks.${i}.text`, `${where}：${name}不能超过 ${max} 个字`);
    }
  }
  if (value.topicTags.length > L.topicTags)
    return problem('topicTags', `主题标签最多选 ${L.topicTags} 个`);
  const repeated = duplicateOf(value.topicTags);
  if (repeated !== null) return problem('topicTags', `主题标签「${repeated}」重复了`);
  return { ok: true, value };
}

/** Trims a form's texts and checks it (C6: a form without consent text cannot collect leads). */
export function checkForm(input: FormDraft): Checked<FormDraft> {
  const value: FormDraft = {
    title: input.title.trim(),
    consentText: input.consentText.trim(),
    fields: input.fields.map((field) => {
      const base = {
        key: field.key.trim(),
        label: field.label.trim(),
        type: field.type,
        required: field.required,
      };
      return field.type === 'select'
        ? { ...base, options: (field.options ?? []).map((option) => option.trim()) }
        : base;
    }),
  };
  const L = FORM_LIMITS;
  if (!value.title) return problem('title', '请填写表单名称');
  if (charCount(value.title) > L.title) return problem('title', `表单名称不能超过 ${L.title} 个字`);
  if (value.fields.length === 0) return problem('fields', '请至少添加一个字段');
  if (value.fields.length > L.fields) return problem('fields', `字段最多 ${L.fields} 个`);
  for (let i = 0; i < value.fields.length; i += 1) {
    const field = value.fields[i];
    const where = `第 ${i + 1} 个字段`;
    if (!FIELD_KEY.test(field.key)) return problem(`fields.${i}.key`, `${where}：字段标识无效`);
    if (!field.label) return problem(`fields.${i}.label`, `${where}：请填写字段名称`);
    if (charCount(field.label) > L.label)
      return problem(`fields.${i}.label`, `${where}：字段名称不能超过 ${L.label} 个字`);
    if (field.type === 'select') {
      const options = field.options ?? [];
      if (options.length < 2)
        return problem(`fields.${i}.options`, `${where}：单选至少需要 2 个选项`);
      if (options.length > L.options)
        return problem(`fields.${i}.options`, `${where}：选项最多 ${L.options} 个`);
      if (options.some((option) => !option))
        return problem(`fields.${i}.options`, `${where}：选项不能为空`);
      if (options.some((option) => charCount(option) > L.option))
        return problem(`fields.${i}.options`, `${where}：每个选项不能超过 ${L.option} 个字`);
      const repeated = duplicateOf(options);
      if (repeated !== null)
        return problem(`fields.${i}.options`, `${where}：选项「${repeated}」重复了`);
    }
  }
  const repeatedKey = duplicateOf(value.fields.map((field) => field.key));
  if (repeatedKey !== null) {
    const index = value.fields.map((field) => field.key).lastIndexOf(repeatedKey);
    return problem(`fields.${index}.key`, `第 ${index + 1} 个字段：字段标识重复`);
  }
  const repeatedLabel = duplicateOf(value.fields.map((field) => field.label));
  if (repeatedLabel !== null) {
    const index = value.fields.map((field) => field.label).lastIndexOf(repeatedLabel);
    return problem(
      `fields.${index}.label`,
      `第 ${index + 1} 个字段：字段名称「${repeatedLabel}」重复了`,
    );
  }
  if (!value.consentText)
    return problem('consentText', '请填写个人信息授权说明：客户未同意时不能提交（个人信息保护法）');
  if (charCount(value.consentText) > L.consentText)
    return problem('consentText', `授权说明不能超过 ${L.consentText} 个字`);
  return { ok: true, value };
}

/** The tags the automatic rules give (C7); a hand-made tag may not take one of these names. */
export const AUTO_TAG_NAMES = ['高意向', '已留资', '高传播', '沉睡'] as const;

/** The library's other groups, to check names across the whole library. */
export interface OtherGroup {
  name: string;
  tags: string[];
}

/**
 * Trims a tag group and checks it against the rest of the library: a tag name means one
 * thing, so it appears once in the whole library (topic tags included).
 */
export function checkTagGroup(
  input: { name: string; tags: string[] },
  others: OtherGroup[],
): Checked<{ name: string; tags: string[] }> {
  const value = { name: input.name.trim(), tags: input.tags.map((tag) => tag.trim()) };
  const L = TAG_LIMITS;
  if (!value.name) return problem('name', '请填写分组名称');
  if (charCount(value.name) > L.groupName)
    return problem('name', `分组名称不能超过 ${L.groupName} 个字`);
  if (others.some((group) => group.name === value.name))
    return problem('name', `分组「${value.name}」已存在`);
  if (value.tags.length > L.tagsPerGroup)
    return problem('tags', `每个分组最多 ${L.tagsPerGroup} 个标签`);
  for (const tag of value.tags) {
    if (!tag) return problem('tags', '标签名称不能为空');
    if (charCount(tag) > L.tag) return problem('tags', `标签「${tag}」超过 ${L.tag} 个字`);
    if ((AUTO_TAG_NAMES as readonly string[]).includes(tag))
      return problem('tags', `「${tag}」是自动标签，不能手动添加`);
    const owner = others.find((group) => group.tags.includes(tag));
    if (owner) return problem('tags', `标签「${tag}」已在分组「${owner.name}」中`);
  }
  const repeated = duplicateOf(value.tags);
  if (repeated !== null) return problem('tags', `标签「${repeated}」重复了`);
  return { ok: true, value };
}

/** The automatic tag rules (C7): label, tag, defaults and the bounds of each parameter. */
export const TAG_RULES = {
  highIntent: {
    tag: '高意向',
    label: '高意向：近 D 天访问至少 N 次',
    defaults: { visits: 3, days: 7 },
    bounds: { visits: [2, 100], days: [1, 90] },
  },
  leadCaptured: { tag: '已留资', label: '已留资：在表单中留下手机号', defaults: {}, bounds: {} },
  highSpread: {
    tag: '高传播',
    label: '高传播：TA的人脉至少 N 人',
    defaults: { network: 5 },
    bounds: { network: [1, 1000] },
  },
  dormant: {
    tag: '沉睡',
    label: '沉睡：连续 N 天没有互动',
    defaults: { quietDays: 7 },
    bounds: { quietDays: [1, 365] },
  },
  topic: {
    tag: '内容主题标签',
    label: '内容主题：访问带该主题的内容至少 N 次',
    defaults: { visits: 1 },
    bounds: { visits: [1, 20] },
  },
} as const;

export type TagRuleKindName = keyof typeof TAG_RULES;

/** The display order of the rules. */
export const TAG_RULE_KINDS: TagRuleKindName[] = [
  'highIntent',
  'leadCaptured',
  'highSpread',
  'dormant',
  'topic',
];

const PARAM_NAMES: Record<string, string> = {
  visits: '访问次数',
  days: '天数',
  network: '人脉人数',
  quietDays: '沉睡天数',
};

/** Checks a rule's parameters: each a whole number inside its bounds, and no others. */
export function checkTagRuleParams(
  kind: TagRuleKindName,
  params: Record<string, unknown>,
): Checked<Record<string, number>> {
  const bounds = TAG_RULES[kind].bounds as Record<string, readonly [number, number]>;
  const value: Record<string, number> = {};
  for (const name of Object.keys(bounds)) {
    const [min, max] = bounds[name];
    const raw = params[name];
    const label = PARAM_NAMES[name] ?? name;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max)
      return problem(`params.${name}`, `${label}须为 ${min}-${max} 的整数`);
    value[name] = raw;
  }
  const extra = Object.keys(params).find((name) => !(name in bounds));
  if (extra !== undefined) return problem(`params.${extra}`, `不支持的参数：${extra}`);
  return { ok: true, value };
}
