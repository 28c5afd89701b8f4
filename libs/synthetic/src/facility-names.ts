import type { Category, ProjectAction } from '#libs/portfolio';
import type { Random, Weighted } from './random.js';

/** What a name is made of: the county prefix (定远县), a town or subdistrict, an ordinal (第三). */
export interface NameParts {
  prefix: string;
  locality: string;
  ordinal: string;
}

interface FacilityKind {
  subType: string;
  weight: number;
  name: (parts: NameParts) => string;
}

const kind = (subType: string, weight: number, name: (p: NameParts) => string): FacilityKind => ({ subType, weight, name });

/** How many projects each category gets, relative: education most. */
export const CATEGORY_WEIGHTS: Weighted<Category> = [
  ['education', 34],
  ['health', 20],
  ['eldercare', 15],
  ['sports', 10],
  ['culture', 9],
  ['childcare', 7],
  ['social_welfare', 5],
];

const FACILITIES: Record<Category, readonly FacilityKind[]> = {
  education: [
    kind('小学', 30, (p) => `${p.prefix}第${p.ordinal}实验小学`),
    kind('小学', 20, (p) => `${p.prefix}${p.locality}中心小学`),
    kind('初中', 15, (p) => `${p.prefix}第${p.ordinal}中学`),
    kind('九年一贯制学校', 10, (p) => `${p.prefix}${p.locality}九年一贯制学校`),
    kind('高中', 8, (p) => `${p.prefix}第${p.ordinal}高级中学`),
    kind('幼儿园', 12, (p) => `${p.prefix}${p.locality}中心幼儿园`),
    kind('中等职业学校', 5, (p) => `${p.prefix}职业教育中心实训楼`),
  ],
  health: [
    kind('医院', 25, (p) => `${p.prefix}人民医院门诊医技综合楼`),
    kind('医院', 10, (p) => `${p.prefix}第${p.ordinal}人民医院住院楼`),
    kind('中医院', 15, (p) => `${p.prefix}中医院综合楼`),
    kind('乡镇卫生院', 25, (p) => `${p.prefix}${p.locality}卫生院`),
    kind('社区卫生服务中心', 10, (p) => `${p.prefix}${p.locality}社区卫生服务中心`),
    kind('妇幼保健院', 8, (p) => `${p.prefix}妇幼保健院`),
    kind('疾控中心', 7, (p) => `${p.prefix}疾病预防控制中心实验楼`),
  ],
  eldercare: [
    kind('敬老院', 40, (p) => `${p.prefix}${p.locality}敬老院`),
    kind('养老服务中心', 30, (p) => `${p.prefix}${p.locality}养老服务中心`),
    kind('社区养老服务中心', 15, (p) => `${p.prefix}${p.locality}社区居家养老服务中心`),
    kind('医养结合服务中心', 10, (p) => `${p.prefix}医养结合服务中心`),
    kind('老年养护院', 5, (p) => `${p.prefix}老年养护院`),
  ],
  sports: [
    kind('全民健身中心', 30, (p) => `${p.prefix}全民健身中心`),
    kind('体育中心', 20, (p) => `${p.prefix}体育中心体育馆`),
    kind('体育公园', 25, (p) => `${p.prefix}${p.locality}体育公园`),
    kind('游泳馆', 10, (p) => `${p.prefix}游泳馆`),
    kind('全民健身广场', 15, (p) => `${p.prefix}${p.locality}全民健身广场`),
  ],
  culture: [
    kind('图书馆', 20, (p) => `${p.prefix}图书馆新馆`),
    kind('文化馆', 20, (p) => `${p.prefix}文化馆`),
    kind('博物馆', 10, (p) => `${p.prefix}博物馆`),
    kind('综合文化站', 40, (p) => `${p.prefix}${p.locality}综合文化站`),
    kind('档案史志馆', 10, (p) => `${p.prefix}档案史志馆`),
  ],
  childcare: [
    kind('托育服务中心', 45, (p) => `${p.prefix}${p.locality}托育服务中心`),
    kind('婴幼儿照护服务中心', 30, (p) => `${p.prefix}婴幼儿照护服务指导中心`),
    kind('普惠托育园', 25, (p) => `${p.prefix}第${p.ordinal}普惠托育园`),
  ],
  social_welfare: [
    kind('儿童福利院', 25, (p) => `${p.prefix}儿童福利院`),
    kind('救助管理站', 20, (p) => `${p.prefix}救助管理站`),
    kind('残疾人综合服务中心', 30, (p) => `${p.prefix}残疾人综合服务中心`),
    kind('精神卫生福利机构', 25, (p) => `${p.prefix}精神卫生福利中心`),
  ],
  other: [kind('公共服务设施', 1, (p) => `${p.prefix}${p.locality}公共服务中心`)],
};

const ACTION_SUFFIX: Record<ProjectAction, string> = {
  新建: '',
  启用: '',
  扩建: '扩建工程',
  改扩建: '改扩建工程',
  改造提升: '改造提升',
  推进建设: '建设项目',
  迁建: '迁建工程',
};

export function pickFacility(random: Random, category: Category, action: ProjectAction, parts: NameParts) {
  const facilities = FACILITIES[category];
  const facility = random.weighted(facilities.map((f) => [f, f.weight] as const));
  return { subType: facility.subType, name: `${facility.name(parts)}${ACTION_SUFFIX[action]}` };
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 13 → 十三, 20 → 二十, 27 → 二十七 (1–99). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}
