import type { FormField, FormFieldType } from '../../../../../typings/content';
import type { PagePhase } from '../../../../components/page-state/phase';
import { getForm, saveForm } from '../../../../services/admin-content';
import { failureMessage } from '../../../../services/index';
import { checkForm, FORM_LIMITS } from '../content-edit/content-rules';
import { isRoleRefusal } from '../contents/role';

/** A field as edited: select options as one line each, and its own error line. */
interface EditField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  optionsText: string;
  error: string;
}

const TYPES: ReadonlyArray<{ value: FormFieldType; label: string }> = [
  { value: 'text', label: '文本' },
  { value: 'phone', label: '手机号' },
  { value: 'select', label: '单选' },
];

const toEditField = (field: FormField): EditField => ({
  key: field.key,
  label: field.label,
  type: field.type,
  required: field.required,
  optionsText: (field.options ?? []).join('\n'),
  error: '',
});

const toField = (field: EditField): FormField => ({
  key: field.key,
  label: field.label,
  type: field.type,
  required: field.required,
  ...(field.type === 'select'
    ? { options: field.optionsText.split('\n').filter((line) => line.trim() !== '') }
    : {}),
});

/** A key no field uses yet: submissions are stored by key, so existing keys never change. */
function freshKey(fields: EditField[]): string {
  let n = fields.length + 1;
  while (fields.some((field) => field.key === `f${n}`)) n += 1;
  return `f${n}`;
}

/**
 * 编辑表单 (AD1, C6): title, fields (label, type, required, options for 单选) and the consent
 * text customers must agree to before submitting (PIPL). Messages show at their field.
 */
Component({
  options: { pureDataPattern: /^_/ },
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    types: TYPES,
    limits: FORM_LIMITS,
    id: '',
    revision: 0,
    title: '',
    fields: [] as EditField[],
    consentText: '我已阅读并同意《个人信息保护说明》，同意工作人员联系我',
    errors: {} as { title?: string; fields?: string; consentText?: string },
    saveError: '',
    saving: false,
    _id: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _id: query.id ? decodeURIComponent(query.id) : '' });
      return this.load();
    },

    async onPullDownRefresh() {
      // Unsaved edits are kept: only a page that failed to load reloads.
      if (this.data.phase !== 'ready') await this.load();
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load();
    },

    async load() {
      if (!this.data._id) {
        const fields = [
          toEditField({ key: 'phone', label: '手机号码', type: 'phone', required: true }),
        ];
        return this.setData({ phase: 'ready', fields });
      }
      this.setData({ phase: 'loading' });
      try {
        const form = await getForm(this.data._id);
        this.setData({
          phase: 'ready',
          id: form.id,
          revision: form.revision,
          title: form.title,
          fields: form.fields.map(toEditField),
          consentText: form.consentText,
        });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
      return undefined;
    },

    onInput(event: WechatMiniprogram.Input) {
      const field = String(event.currentTarget.dataset.field) as 'title' | 'consentText';
      this.setData({ [field]: event.detail.value, [`errors.${field}`]: '' });
    },

    onFieldInput(event: WechatMiniprogram.Input) {
      const { index, prop } = event.currentTarget.dataset as { index: number; prop: string };
      this.setData({
        [`fields[${index}].${prop}`]: event.detail.value,
        [`fields[${index}].error`]: '',
      });
    },

    onFieldType(event: WechatMiniprogram.BaseEvent) {
      const { index, type } = event.currentTarget.dataset as { index: number; type: FormFieldType };
      this.setData({ [`fields[${index}].type`]: type, [`fields[${index}].error`]: '' });
    },

    onToggleRequired(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ [`fields[${index}].required`]: !this.data.fields[index].required });
    },

    onAddField() {
      const field = toEditField({
        key: freshKey(this.data.fields),
        label: '',
        type: 'text',
        required: false,
      });
      this.setData({ fields: this.data.fields.concat(field), 'errors.fields': '' });
    },

    onRemoveField(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ fields: this.data.fields.filter((_, i) => i !== index) });
    },

    async onSave() {
      if (this.data.saving) return undefined;
      const checked = checkForm({
        title: this.data.title,
        fields: this.data.fields.map(toField),
        consentText: this.data.consentText,
      });
      this.setData({ errors: {}, saveError: '' });
      if (!checked.ok) {
        const match = /^fields\.(\d+)\./.exec(checked.field);
        if (match) this.setData({ [`fields[${Number(match[1])}].error`]: checked.message });
        else this.setData({ [`errors.${checked.field}`]: checked.message });
        wx.showToast({ title: '请检查标红的内容', icon: 'none' });
        return undefined;
      }
      const { id, revision } = this.data;
      this.setData({ saving: true });
      try {
        const saved = await saveForm({ ...checked.value, ...(id ? { id, revision } : {}) });
        this.setData({ saving: false, id: saved.id, revision: saved.revision, _id: saved.id });
        wx.showToast({ title: '已保存', icon: 'success' });
        if (getCurrentPages().length > 1) wx.navigateBack();
      } catch (error) {
        this.setData({ saving: false, saveError: failureMessage(error) });
      }
      return undefined;
    },
  },
});
