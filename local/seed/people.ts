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

/** Common surnames, roughly by frequency (the first five appear twice: they weigh more). */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈',
  ...'王李张刘陈',
];

const WECHAT_NICKNAMES = (
  '阳光明媚 小鱼儿 Amy 木木 静待花开 一米阳光 橙子 Lily妈妈 简单生活 向日葵 岁月静好 Kevin 若水 ' +
  '晴天 米粒 安之若素 豆豆爸 清风徐来 小确幸 Grace 陌上花开 大鹏 悠然 星星点灯 团子 Vivian 淡定 ' +
  '暖暖 老陈 花开半夏'
).split(' ');

export function nicknameFor(random: Random): Person {
  const surname = random.pick(SURNAMES);
  // Home furnishing decisions are more often led by women in this audience.
  const title = random.chance(0.6) ? '女士' : '先生';
  const formName = `${surname}${title}`;
  const nickname = random.chance(0.25) ? random.pick(WECHAT_NICKNAMES) : formName;
  return { nickname, formName };
}
