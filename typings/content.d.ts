/** The content library and the tag library (AD1, AD5). Types only; each action: { request, response }. */
import type { Page } from './api';

/** One block of an article body. `text` for text and heading, `url` for image. */
export interface ContentBlock {
  type: 'text' | 'heading' | 'image';
  text?: string;
  url?: string;
}

/** An article as the editor reads and writes it. Times are ISO-8601 strings. */
export interface Content {
  id: string;
  title: string;
  cover: string;
  summary: string;
  blocks: ContentBlock[];
  /** Names from the topic group of the tag library (C7: customers who read it get them). */
  topicTags: string[];
  formId: string | null;
  /** Bumped by every save; a save carrying an older one is refused (EDIT_CONFLICT). */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of the content library list. */
export type ContentSummary = Pick<
  Content,
  'id' | 'title' | 'cover' | 'summary' | 'topicTags' | 'formId' | 'updatedAt'
>;

/** What `contents.save` takes: no id creates, an id with its revision updates. */
export interface ContentInput {
  id?: string;
  revision?: number;
  title: string;
  cover: string;
  summary: string;
  blocks: ContentBlock[];
  topicTags: string[];
  formId: string | null;
}

export type FormFieldType = 'text' | 'phone' | 'select';

export interface FormField {
  /** Stable key the submissions use; never shown to customers. */
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** Only for `select`. */
  options?: string[];
}

/** A lead form (C6). `consentText` is what the customer must agree to before submitting (PIPL). */
export interface Form {
  id: string;
  title: string;
  fields: FormField[];
  consentText: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface FormSummary {
  id: string;
  title: string;
  fieldCount: number;
  hasPhone: boolean;
  updatedAt: string;
}

export interface FormInput {
  id?: string;
  revision?: number;
  title: string;
  fields: FormField[];
  consentText: string;
}

/** A group of the tag library: the one topic group (`id: 'topic'`) or a manual group. */
export interface TagGroup {
  id: string;
  kind: 'topic' | 'manual';
  name: string;
  tags: string[];
  /** 0 for the topic group before it was first saved. */
  revision: number;
}

export interface TagLibrary {
  /** Content topic tags (AD1), picked in the article editor. */
  topic: TagGroup;
  /** Operational tags employees add by hand (C7), in groups. */
  groups: TagGroup[];
}

export interface TagGroupInput {
  /** 'topic' for the topic group; none creates a manual group. */
  id?: string;
  revision?: number;
  name: string;
  tags: string[];
}

/** The automatic tag rules of C7 and their parameters. */
export interface TagRuleParams {
  /** 高意向: at least `visits` visits within the last `days` days. */
  highIntent: { visits: number; days: number };
  /** 已留资: left a phone number in any form. */
  leadCaptured: Record<string, never>;
  /** 高传播: their network (C3) is at least `network`. */
  highSpread: { network: number };
  /** 沉睡: no interaction for `quietDays` days. */
  dormant: { quietDays: number };
  /** Content topic tags: a topic tag after `visits` visits to contents carrying it. */
  topic: { visits: number };
}

export type TagRuleKind = keyof TagRuleParams;

export type TagRule = {
  [K in TagRuleKind]: {
    kind: K;
    /** The tag the rule gives (fixed per rule; the topic rule gives each content's own tags). */
    tag: string;
    enabled: boolean;
    params: TagRuleParams[K];
    /** 0 while the rule still has its defaults and was never saved. */
    revision: number;
  };
}[TagRuleKind];

export type TagRuleInput = {
  [K in TagRuleKind]: { kind: K; enabled: boolean; params: TagRuleParams[K]; revision: number };
}[TagRuleKind];

export interface AdminContentActions {
  'contents.list': {
    request: { cursor?: string; pageSize?: number };
    response: Page<ContentSummary>;
  };
  'contents.get': { request: { id: string }; response: Content };
  'contents.save': { request: ContentInput; response: { id: string; revision: number } };
  'contents.remove': { request: { id: string }; response: { removed: true } };
  'forms.list': { request: { cursor?: string; pageSize?: number }; response: Page<FormSummary> };
  'forms.get': { request: { id: string }; response: Form };
  'forms.save': { request: FormInput; response: { id: string; revision: number } };
  'tags.list': { request: Record<string, never>; response: TagLibrary };
  'tags.save': { request: TagGroupInput; response: { id: string; revision: number } };
  'tags.remove': { request: { id: string }; response: { removed: true } };
  'tagRules.list': { request: Record<string, never>; response: { rules: TagRule[] } };
  'tagRules.save': { request: TagRuleInput; response: { revision: number } };
}
