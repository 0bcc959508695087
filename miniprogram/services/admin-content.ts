import type {
  Content,
  ContentInput,
  ContentSummary,
  Form,
  FormInput,
  FormSummary,
  TagGroupInput,
  TagLibrary,
  TagRule,
  TagRuleInput,
} from '../../typings/content';
import type { Page } from '../../typings/api';
import { call } from './call';

/** The content library and tag library of the management tab (AD1, AD5), `admin` function. */

export const CONTENT_PAGE_SIZE = 20;
/** The form picker shows every form on one page; the library holds a handful. */
export const FORM_PAGE_SIZE = 50;

export function listContents(cursor?: string): Promise<Page<ContentSummary>> {
  return call('admin', 'contents.list', {
    pageSize: CONTENT_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}

export function getContent(id: string): Promise<Content> {
  return call('admin', 'contents.get', { id });
}

export function saveContent(input: ContentInput): Promise<{ id: string; revision: number }> {
  return call('admin', 'contents.save', input);
}

export function removeContent(id: string): Promise<{ removed: true }> {
  return call('admin', 'contents.remove', { id });
}

export function listForms(cursor?: string): Promise<Page<FormSummary>> {
  return call('admin', 'forms.list', { pageSize: FORM_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
}

export function getForm(id: string): Promise<Form> {
  return call('admin', 'forms.get', { id });
}

export function saveForm(input: FormInput): Promise<{ id: string; revision: number }> {
  return call('admin', 'forms.save', input);
}

export function listTags(): Promise<TagLibrary> {
  return call('admin', 'tags.list', {});
}

export function saveTagGroup(input: TagGroupInput): Promise<{ id: string; revision: number }> {
  return call('admin', 'tags.save', input);
}

export function removeTagGroup(id: string): Promise<{ removed: true }> {
  return call('admin', 'tags.remove', { id });
}

export function listTagRules(): Promise<{ rules: TagRule[] }> {
  return call('admin', 'tagRules.list', {});
}

export function saveTagRule(input: TagRuleInput): Promise<{ revision: number }> {
  return call('admin', 'tagRules.save', input);
}
