/** 预期性 (expected, guiding) or 约束性 (binding). */
export type IndicatorNature = '预期性' | '约束性';

/**
 * A value of the indicator table as the plan writes it: a number when the cell is a plain number,
 * otherwise the cell's text ('—', '应保尽保', '≥99', '[269]' — [] marks a five-year cumulative figure).
 */
export type IndicatorValue = number | string;

/** One row of 专栏2 “十四五”社会发展与公共服务主要指标. */
export interface PlanIndicator {
  readonly id: string;
  /** 类别 column (幼有所育, 学有所教 …); the plan writes it on the first row of each group only. */
  readonly area: string;
  /** 指标 without its trailing unit. */
  readonly name: string;
  /** The unit the plan puts in the trailing （…） of the 指标 cell. */
  readonly unit: string;
  readonly value2020: IndicatorValue;
  readonly target2025: IndicatorValue;
  readonly nature: IndicatorNature;
  /**
   * The row exactly as it stands in the plan text: the 指标 cell and the next three cells
   * (2020年, 2025年, 属性), each on its own tab-indented line.
   */
  readonly sourcePhrase: string;
}

interface IndicatorSpec {
  readonly id: string;
  readonly area: string;
  /** The 指标 cell as written, unit included. */
  readonly label: string;
  readonly value2020: IndicatorValue;
  readonly target2025: IndicatorValue;
  readonly nature: IndicatorNature;
}

const SPECS: readonly IndicatorSpec[] = [
  { id: 'infant-care-places-per-1000', area: '幼有所育', label: '每千人口拥有3岁以下婴幼儿托位数（个）', value2020: 0.9, target2025: 4.6, nature: '预期性' },
  { id: 'orphan-protection-coverage', area: '幼有所育', label: '孤儿和事实无人抚养儿童保障覆盖率（%）', value2020: 100, target2025: 100, nature: '约束性' },
  { id: 'preschool-gross-enrolment', area: '学有所教', label: '学前教育毛入园率（%）', value2020: 95.53, target2025: 96, nature: '预期性' },
  { id: 'compulsory-education-retention', area: '学有所教', label: '九年义务教育巩固率（%）', value2020: 98.05, target2025: 98.5, nature: '约束性' },
  { id: 'high-school-gross-enrolment', area: '学有所教', label: '高中阶段教育毛入学率（%）', value2020: 98.8, target2025: 99, nature: '预期性' },
  { id: 'working-age-schooling-years', area: '学有所教', label: '劳动年龄人口平均受教育年限（年）', value2020: 10.5, target2025: 11.5, nature: '约束性' },
  { id: 'subsidised-vocational-trainees', area: '劳有所得', label: '参加各类补贴性职业技能培训人数（万人）', value2020: 3, target2025: 10, nature: '预期性' },
  { id: 'life-expectancy', area: '病有所医', label: '人均预期寿命（岁）', value2020: 78.5, target2025: 79, nature: '预期性' },
  { id: 'physicians-per-1000', area: '病有所医', label: '每千人口执业（助理）医师数（人）', value2020: 2.13, target2025: 3.3, nature: '预期性' },
  { id: 'registered-nurses-per-1000', area: '病有所医', label: '每千人口拥有注册护士数（人）', value2020: 3.4, target2025: 3.9, nature: '预期性' },
  { id: 'basic-medical-insurance-coverage', area: '病有所医', label: '基本医疗保险参保率（%）', value2020: 100, target2025: 100, nature: '预期性' },
  { id: 'nursing-bed-share', area: '老有所养', label: '养老机构护理型床位占比（%）', value2020: 48.4, target2025: 55, nature: '约束性' },
  { id: 'new-area-eldercare-facility-compliance', area: '老有所养', label: '新建城区、居住(小)区配套建设养老服务设施达标率（%）', value2020: 100, target2025: 100, nature: '约束性' },
  { id: 'basic-pension-insurance-coverage', area: '老有所养', label: '基本养老保险参保率（%）', value2020: 95, target2025: 95.71, nature: '预期性' },
  { id: 'eldercare-beds-total', area: '老有所养', label: '养老服务床位总量（万张）', value2020: 2.3, target2025: 2.5, nature: '预期性' },
  { id: 'public-rental-housing-guarantee', area: '住有所居', label: '城镇户籍低保、低收入家庭申请公租房的保障率（%）', value2020: 100, target2025: '应保尽保', nature: '约束性' },
  { id: 'rural-low-income-housing-safety', area: '住有所居', label: '符合条件的农村低收入群体住房安全保障率（%）', value2020: '—', target2025: '应保尽保', nature: '预期性' },
  { id: 'old-residential-compound-renovation', area: '住有所居', label: '城镇老旧小区改造（个）', value2020: 45, target2025: '[269]', nature: '预期性' },
  { id: 'disability-allowance-coverage', area: '弱有所扶', label: '困难残疾人生活补贴和重度残疾人护理补贴目标人群覆盖率（%）', value2020: 100, target2025: 100, nature: '约束性' },
  { id: 'veteran-placement-rate', area: '优军服务保障', label: '转业军官和政府安排退役士兵安置率（%）', value2020: 100, target2025: 100, nature: '约束性' },
  { id: 'veteran-adaptive-training-rate', area: '优军服务保障', label: '退役军人适应性培训参训率（%）', value2020: '—', target2025: '≥99', nature: '约束性' },
  { id: 'public-culture-visits-per-10000', area: '文体服务保障', label: '每万人接受公共文化设施服务次数（次）', value2020: 10000, target2025: 15000, nature: '预期性' },
  { id: 'sports-ground-area-per-capita', area: '文体服务保障', label: '人均体育场地面积（平方米）', value2020: 2.03, target2025: '≥2.6', nature: '预期性' },
  { id: 'community-service-area-per-100-households', area: '文体服务保障', label: '每百户居民拥有社区综合服务设施面积（平方米）', value2020: 30, target2025: 35, nature: '预期性' },
];

/** Splits '每千人口执业（助理）医师数（人）' into name and the unit of the trailing （…）. */
function splitLabel(label: string): { name: string; unit: string } {
  const open = label.lastIndexOf('（');
  if (open < 0 || !label.endsWith('）')) throw new Error(`indicator label without a unit: ${label}`);
  return { name: label.slice(0, open), unit: label.slice(open + 1, -1) };
}

function toIndicator(spec: IndicatorSpec): PlanIndicator {
  const { label, ...rest } = spec;
  return {
    ...rest,
    ...splitLabel(label),
    sourcePhrase: [label, String(spec.value2020), String(spec.target2025), spec.nature].join('\n\t'),
  };
}

/** The 24 rows of the indicator table of 专栏2, in the plan's order. */
export const PLAN_INDICATORS: readonly PlanIndicator[] = SPECS.map(toIndicator);
