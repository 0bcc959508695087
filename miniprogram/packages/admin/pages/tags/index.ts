import type { TagGroup, TagRule, TagRuleInput } from '../../../../../typings/content';
import type { PagePhase } from '../../../../components/page-state/phase';
import {
  listTagRules,
  listTags,
  removeTagGroup,
  saveTagGroup,
  saveTagRule,
} from '../../../../services/admin-content';
import { failureMessage } from '../../../../services/index';
import { checkTagGroup, checkTagRuleParams, TAG_RULES } from '../content-edit/content-rules';
import { isRoleRefusal } from '../contents/role';

/** A group as shown: its tags, the tag being typed, its own error line. */
interface GroupView extends TagGroup {
  draft: string;
  error: string;
  confirmingRemove: boolean;
}

/** A rule as edited: parameters as typed (strings), with their names and its error line. */
interface RuleView {
  kind: TagRule['kind'];
  label: string;
  enabled: boolean;
  revision: number;
  params: { name: string; label: string; value: string }[];
  error: string;
}

const PARAM_LABELS: Record<string, string> = {
  visits: '次数 N',
  days: '天数 D',
  network: '人数 N',
  quietDays: '天数 N',
};

const toGroupView = (group: TagGroup): GroupView => ({
  ...group,
  draft: '',
  error: '',
  confirmingRemove: false,
});

const toRuleView = (rule: TagRule): RuleView => ({
  kind: rule.kind,
  label: TAG_RULES[rule.kind].label,
  enabled: rule.enabled,
  revision: rule.revision,
  params: Object.entries(rule.params as Record<string, number>).map(([name, value]) => ({
    name,
    label: PARAM_LABELS[name] ?? name,
    value: String(value),
  })),
  error: '',
});

/**
 * 标签库 (AD5): the topic group and manual groups (tags added and removed one at a time, each
 * change saving the group), and the automatic tag rules of C7 with their parameters. Each
 * group and rule shows its own error; the rules are checked here as on the server.
 */
Component({
  data: {
    phase: 'loading' as PagePhase | 'forbidden',
    errorText: '',
    groups: [] as GroupView[],
    rules: [] as RuleView[],
    newGroupName: '',
    newGroupError: '',
  },
  methods: {
    onLoad() {
      return this.load(true);
    },

    async onPullDownRefresh() {
      await this.load(this.data.phase !== 'ready');
      wx.stopPullDownRefresh();
    },

    onRetry() {
      return this.load(true);
    },

    async load(showLoading: boolean) {
      if (showLoading) this.setData({ phase: 'loading' });
      try {
        const [library, rules] = await Promise.all([listTags(), listTagRules()]);
        this.setData({
          phase: 'ready',
          groups: [library.topic, ...library.groups].map(toGroupView),
          rules: rules.rules.map(toRuleView),
        });
      } catch (error) {
        if (isRoleRefusal(error)) this.setData({ phase: 'forbidden' });
        else if (this.data.phase === 'ready')
          wx.showToast({ title: failureMessage(error), icon: 'none' });
        else this.setData({ phase: 'error', errorText: failureMessage(error) });
      }
    },

    onDraftInput(event: WechatMiniprogram.Input) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({
        [`groups[${index}].draft`]: event.detail.value,
        [`groups[${index}].error`]: '',
      });
    },

    onNewGroupInput(event: WechatMiniprogram.Input) {
      this.setData({ newGroupName: event.detail.value, newGroupError: '' });
    },

    /** Saves group `index` with `tags`; on success keeps the new revision, else shows why. */
    async saveGroup(index: number, tags: string[]) {
      const group = this.data.groups[index];
      const others = this.data.groups.filter((_, i) => i !== index);
      const checked = checkTagGroup({ name: group.name, tags }, others);
      if (!checked.ok) return this.setData({ [`groups[${index}].error`]: checked.message });
      try {
        const saved = await saveTagGroup({
          id: group.id,
          revision: group.revision,
          name: checked.value.name,
          tags: checked.value.tags,
        });
        this.setData({
          [`groups[${index}].tags`]: checked.value.tags,
          [`groups[${index}].revision`]: saved.revision,
          [`groups[${index}].draft`]: '',
          [`groups[${index}].error`]: '',
        });
      } catch (error) {
        this.setData({ [`groups[${index}].error`]: failureMessage(error) });
      }
      return undefined;
    },

    onAddTag(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const group = this.data.groups[index];
      if (!group.draft.trim())
        return this.setData({ [`groups[${index}].error`]: '请输入标签名称' });
      return this.saveGroup(index, group.tags.concat(group.draft));
    },

    onRemoveTag(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const tag = String(event.currentTarget.dataset.tag);
      return this.saveGroup(
        index,
        this.data.groups[index].tags.filter((name) => name !== tag),
      );
    },

    async onAddGroup() {
      const others = this.data.groups;
      const checked = checkTagGroup({ name: this.data.newGroupName, tags: [] }, others);
      if (!checked.ok) return this.setData({ newGroupError: checked.message });
      try {
        const saved = await saveTagGroup({ name: checked.value.name, tags: [] });
        const group: TagGroup = {
          id: saved.id,
          kind: 'manual',
          name: checked.value.name,
          tags: [],
          revision: saved.revision,
        };
        this.setData({ groups: others.concat(toGroupView(group)), newGroupName: '' });
      } catch (error) {
        this.setData({ newGroupError: failureMessage(error) });
      }
      return undefined;
    },

    /** Two taps: 删除分组 then 确认删除？. */
    async onRemoveGroup(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const group = this.data.groups[index];
      if (!group.confirmingRemove)
        return this.setData({ [`groups[${index}].confirmingRemove`]: true });
      try {
        await removeTagGroup(group.id);
        this.setData({ groups: this.data.groups.filter((_, i) => i !== index) });
      } catch (error) {
        this.setData({
          [`groups[${index}].error`]: failureMessage(error),
          [`groups[${index}].confirmingRemove`]: false,
        });
      }
      return undefined;
    },

    onToggleRule(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ [`rules[${index}].enabled`]: !this.data.rules[index].enabled });
    },

    onParamInput(event: WechatMiniprogram.Input) {
      const { index, param } = event.currentTarget.dataset as { index: number; param: number };
      this.setData({
        [`rules[${index}].params[${param}].value`]: event.detail.value,
        [`rules[${index}].error`]: '',
      });
    },

    async onSaveRule(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const rule = this.data.rules[index];
      const typed: Record<string, unknown> = {};
      for (const param of rule.params) {
        // A blank or non-numeric entry stays unparsed, so the rule's own message explains it.
        typed[param.name] = /^\s*\d+(\.\d+)?\s*$/.test(param.value)
          ? Number(param.value)
          : param.value;
      }
      const checked = checkTagRuleParams(rule.kind, typed);
      if (!checked.ok) return this.setData({ [`rules[${index}].error`]: checked.message });
      try {
        const saved = await saveTagRule({
          kind: rule.kind,
          enabled: rule.enabled,
          params: checked.value,
          revision: rule.revision,
        } as TagRuleInput);
        this.setData({ [`rules[${index}].revision`]: saved.revision });
        wx.showToast({ title: '规则已保存', icon: 'success' });
      } catch (error) {
        this.setData({ [`rules[${index}].error`]: failureMessage(error) });
      }
      return undefined;
    },
  },
});
