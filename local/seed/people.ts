/**
 * Customer nicknames as they show up in a Chinese SCRM: most people are listed as 王女士 /
 * 刘先生 (what a sales adviser would call them), some keep their WeChat nickname.
 */
import type { Random } from './random';

export interface Person {
  /** The name the archive shows. */
  nickname: string;
  /** How they sign a form's 您的称呼 field. */
  formName: string;
}

/** The most common surnames, roughly in order of frequency (repeated ones weigh more). */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何',
  '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田',
  '董', '袁', '潘', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '沈', '王', '李', '张',
  '刘', '陈',
];

const WECHAT_NICKNAMES = [
  '阳光明媚', '小鱼儿', 'Amy', '木木', '静待花开', '一米阳光', '橙子', 'Lily妈妈', '简单生活', '向日葵',
  '岁月静好', 'Kevin', '若水', '晴天', '米粒', '安之若素', '豆豆爸', '清风徐来', '小确幸', 'Grace',
  '陌上花开', '大鹏', '悠然', '星星点灯', '团子', 'Vivian', '淡定', '暖暖', '老陈', '花开半夏',
];

export function nicknameFor(random: Random): Person {
  const surname = random.pick(SURNAMES);
  // Home furnishing decisions are more often led by women in this audience.
  const title = random.chance(0.6) ? '女士' : '先生';
  const formName = `${surname}${title}`;
  const nickname = random.chance(0.25) ? random.pick(WECHAT_NICKNAMES) : formName;
  return { nickname, formName };
}
