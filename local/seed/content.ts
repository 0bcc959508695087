/**
 * The demo's content library (AD1): six articles a home-furnishing brand would push through
 * its staff, and two lead forms with the PIPL consent line. Fixed texts, no randomness; only
 * the dates follow `now`.
 */
import { atShanghai } from './clock';
import type { ContentBlock, ContentDoc, FormDoc } from './documents';

export const CONSENT_TEXT = '我已阅读并同意《个人信息保护说明》，同意工作人员联系我';

export const FORM_IDS = { measure: 'demo-form-measure', coupon: 'demo-form-coupon' } as const;

export const CONTENT_IDS = {
  storage: 'demo-content-storage',
  renewalSale: 'demo-content-renewal-sale',
  slabTable: 'demo-content-slab-table',
  creamLiving: 'demo-content-cream-living',
  oldHouse: 'demo-content-old-house',
  mattress: 'demo-content-mattress',
} as const;

export const CITY_OPTIONS = ['上海', '杭州', '南京', '广州', '深圳', '北京', '天津', '其他'];

/** Placeholder pictures: a stable URL per word, nothing is fetched while seeding. */
export function picture(word: string, width: number, height: number): string {
  return `https://picsum.photos/seed/${word}/${width}/${height}`;
}

export function buildForms(now: Date): FormDoc[] {
  const createdAt = atShanghai(now, { day: -45, time: '15:20' });
  return [
    {
      _id: FORM_IDS.measure,
      title: '免费上门量房预约',
      fields: [
        { key: 'name', label: '您的称呼', type: 'text', required: true },
        { key: 'phone', label: '手机号码', type: 'phone', required: true },
        { key: 'city', label: '所在城市', type: 'select', required: true, options: CITY_OPTIONS },
        {
          key: 'area',
          label: '房屋面积',
          type: 'select',
          required: false,
          options: ['60㎡以下', '60-90㎡', '90-120㎡', '120-150㎡', '150㎡以上'],
        },
      ],
      consentText: CONSENT_TEXT,
      createdAt,
    },
    {
      _id: FORM_IDS.coupon,
      title: '领取焕新节专属优惠券',
      fields: [
        { key: 'name', label: '您的称呼', type: 'text', required: true },
        { key: 'phone', label: '手机号码', type: 'phone', required: true },
        {
          key: 'category',
          label: '意向品类',
          type: 'select',
          required: true,
          options: ['全屋定制', '沙发', '床垫', '餐桌椅', '软装饰品'],
        },
        { key: 'note', label: '备注', type: 'text', required: false },
      ],
      consentText: CONSENT_TEXT,
      createdAt,
    },
  ];
}

interface ArticlePlan {
  id: string;
  title: string;
  coverWord: string;
  summary: string;
  blocks: ContentBlock[];
  topicTags: string[];
  formId: string | null;
  createdDaysAgo: number;
}

const ARTICLES: readonly ArticlePlan[] = [
  {
    id: CONTENT_IDS.oldHouse,
    title: '老房翻新避坑指南：水电改造这 6 件事一定要先想清楚',
    coverWord: 'oldhouse',
    summary: '20 年老房翻新，水电改造占了预算的三成。设计师总结 6 个最常见的坑，开工前看一遍。',
    blocks: [
      { type: 'heading', text: '一、先做检测，再谈设计' },
      {
        type: 'text',
        text: '老房的线路普遍老化，铝线、线径不足的情况很常见。开工前请专业人员做一次全屋电路和管道检测，再决定是局部改造还是全部重做。',
      },
      { type: 'image', url: picture('oldhouse-wiring', 750, 500) },
      { type: 'heading', text: '二、插座宁多勿少' },
      {
        type: 'text',
        text: '厨房台面至少预留 4 组插座，卧室床头两侧各 2 组。后期再加插座，往往意味着重新开槽。',
      },
      { type: 'text', text: '栖木家居设计师可免费上门量房，出具水电点位建议图，欢迎预约。' },
    ],
    topicTags: ['装修攻略'],
    formId: FORM_IDS.measure,
    createdDaysAgo: 40,
  },
  {
    id: CONTENT_IDS.renewalSale,
    title: '全屋定制焕新节：下定立减 3000 元，再送智能五金套装',
    coverWord: 'renewalsale',
    summary: '焕新节限时 16 天，全屋定制下定立减 3000 元，前 100 名加送智能五金套装。',
    blocks: [
      { type: 'heading', text: '活动时间' },
      {
        type: 'text',
        text: '活动期间到店或线上预约下定，全屋定制订单满 2 万元立减 3000 元，可与品牌补贴叠加使用。',
      },
      { type: 'image', url: picture('renewalsale-showroom', 750, 500) },
      { type: 'heading', text: '到店还有惊喜' },
      { type: 'text', text: '预约量房即送收纳三件套，签约再享 5 年质保升级。名额有限，先到先得。' },
    ],
    topicTags: ['促销活动'],
    formId: FORM_IDS.coupon,
    createdDaysAgo: 26,
  },
  {
    id: CONTENT_IDS.storage,
    title: '小户型也能住出大空间：5 个收纳设计思路',
    coverWord: 'storage',
    summary: '60 平的两居室怎么放下一家三口的东西？从玄关到阳台，5 个收纳思路一次讲清。',
    blocks: [
      { type: 'heading', text: '玄关：一柜多用' },
      {
        type: 'text',
        text: '顶天立地的玄关柜，下方悬空 20 厘米放日常鞋，中部开放格放钥匙和快递，上部收纳换季物品。',
      },
      { type: 'image', url: picture('storage-entry', 750, 500) },
      { type: 'heading', text: '卧室：向上要空间' },
      { type: 'text', text: '床头做整墙吊柜，床体选择液压高箱床，收纳量比普通床多出一倍。' },
      { type: 'text', text: '想知道自己家适合哪种方案？留下联系方式，设计师一对一帮您规划。' },
    ],
    topicTags: ['装修灵感'],
    formId: FORM_IDS.measure,
    createdDaysAgo: 20,
  },
  {
    id: CONTENT_IDS.slabTable,
    title: '实测三款热门岩板餐桌：耐刮、耐烫、耐污，哪款更值得买？',
    coverWord: 'slabtable',
    summary: '我们用钢丝球、热锅和红酒测试了三款岩板餐桌，结果有点出乎意料。',
    blocks: [
      { type: 'heading', text: '测试方法' },
      {
        type: 'text',
        text: '三款餐桌分别进行钢丝球摩擦 200 次、200℃ 热锅直放 5 分钟、红酒和酱油静置 12 小时的测试。',
      },
      { type: 'image', url: picture('slabtable-test', 750, 500) },
      { type: 'heading', text: '结论' },
      {
        type: 'text',
        text: '亚光面岩板在耐污上表现最好，亮光面更好打理但容易显指纹。家里有小朋友的建议选圆角款。',
      },
    ],
    topicTags: ['产品评测'],
    formId: null,
    createdDaysAgo: 9,
  },
  {
    id: CONTENT_IDS.creamLiving,
    title: '奶油风客厅这样搭，温柔又高级',
    coverWord: 'creamliving',
    summary: '奶油风不是只有白色。用 3 种材质和 2 个色阶，让客厅温柔而不单调。',
    blocks: [
      { type: 'heading', text: '色彩：米白打底，焦糖点缀' },
      {
        type: 'text',
        text: '墙面选择带一点黄调的米白色，沙发和地毯用同色系不同深浅，再用焦糖色的单椅或抱枕提亮。',
      },
      { type: 'image', url: picture('creamliving-sofa', 750, 500) },
      { type: 'text', text: '本季新品云朵沙发已到店，欢迎到体验店坐一坐。' },
    ],
    topicTags: ['装修灵感', '软装搭配'],
    formId: FORM_IDS.coupon,
    createdDaysAgo: 5,
  },
  {
    id: CONTENT_IDS.mattress,
    title: '秋季焕新季：旧床垫换新补贴最高 1000 元',
    coverWord: 'mattress',
    summary: '任意品牌旧床垫均可折价，换购栖木独袋弹簧床垫最高补贴 1000 元，免费上门收旧。',
    blocks: [
      { type: 'heading', text: '怎么换' },
      {
        type: 'text',
        text: '预约后工作人员上门评估旧床垫，按使用年限折价，新床垫送货时一并带走旧床垫。',
      },
      { type: 'image', url: picture('mattress-bedroom', 750, 500) },
      { type: 'heading', text: '选哪款' },
      {
        type: 'text',
        text: '腰背不适推荐硬度偏高的护脊款，浅眠人群推荐独袋弹簧加乳胶层的静音款。',
      },
    ],
    topicTags: ['促销活动', '产品评测'],
    formId: FORM_IDS.coupon,
    createdDaysAgo: 3,
  },
];

export function buildContents(now: Date): ContentDoc[] {
  return ARTICLES.map((plan) => {
    const createdAt = atShanghai(now, { day: -plan.createdDaysAgo, time: '11:30' });
    const updatedAt = atShanghai(now, { day: -plan.createdDaysAgo, time: '16:45' });
    return {
      _id: plan.id,
      kind: 'article',
      title: plan.title,
      cover: picture(plan.coverWord, 750, 420),
      summary: plan.summary,
      blocks: plan.blocks.map((block) => ({ ...block })),
      topicTags: [...plan.topicTags],
      formId: plan.formId,
      createdAt,
      updatedAt,
    };
  });
}

/**
 * The tag library's topic group: every topic tag the demo articles use, so that an admin can
 * open and re-save a demo article (a topic tag must be in the library), plus a manual group.
 */
export function buildTagGroups(now: Date): Record<string, unknown>[] {
  const createdAt = atShanghai(now, { day: -40, time: '10:00' });
  const topics = [...new Set(ARTICLES.flatMap((plan) => plan.topicTags))];
  return [
    {
      _id: 'topic',
      kind: 'topic',
      name: '内容主题',
      tags: topics,
      revision: 1,
      createdAt,
      updatedAt: createdAt,
    },
    {
      _id: 'demo-tags-intent',
      kind: 'manual',
      name: '客户意向',
      tags: ['新房装修', '旧房翻新', '到店体验过', '价格敏感'],
      revision: 1,
      createdAt,
      updatedAt: createdAt,
    },
  ];
}
