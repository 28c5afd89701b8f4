/**
 * Where in the plan a catalog item comes from: the 专栏 (column) number and title, followed by
 * the column's sub-heading when it has several (e.g. 公共卫生 / 医疗卫生 / 中医药), or the
 * chapter/section and paragraph lead when the item is not in a 专栏.
 *
 * The plan text we hold (test/fixtures/plan.txt) lost some headings in extraction: the titles of
 * 专栏1, 3, 9, 10 and 11 and the heading of 第五章 do not appear in it. Their numbers are inferred
 * from the order of the surrounding headings (专栏2 … 专栏8 and 专栏12 are present; 第四章 and
 * 第六章 are present) and marked 原文缺标题 rather than given an invented title.
 */
export const PLAN_COLUMNS = {
  compulsoryEducation: '专栏4 义务教育优质均衡工程',
  employmentJobs: '专栏5 就业社保服务质量提升工程 · 就业',
  employmentStartups: '专栏5 就业社保服务质量提升工程 · 创业',
  employmentTraining: '专栏5 就业社保服务质量提升工程 · 职业技能培训',
  publicHealth: '专栏6 医疗卫生服务能力提升工程 · 公共卫生',
  medicalCare: '专栏6 医疗卫生服务能力提升工程 · 医疗卫生',
  chineseMedicine: '专栏6 医疗卫生服务能力提升工程 · 中医药',
  eldercareQuality: '专栏7 养老服务质量提升工程',
  publicCulture: '专栏8 文化体育服务质量提升工程 · 公共文化',
  publicSports: '专栏8 文化体育服务质量提升工程 · 公共体育',
  disabilityServices: '专栏9（原文缺标题，编号按顺序推定）· 残疾人服务保障',
  inclusiveChildcare: '专栏10（原文缺标题，编号按顺序推定）· 普惠托育',
  inclusivePreschool: '专栏10（原文缺标题，编号按顺序推定）· 普惠学前教育',
  highSchool: '专栏10（原文缺标题，编号按顺序推定）· 高中阶段教育',
  inclusiveEldercare: '专栏10（原文缺标题，编号按顺序推定）· 普惠养老',
  qualityMedicalCare: '专栏10（原文缺标题，编号按顺序推定）· 优质医疗',
  eldercareIndustry: '专栏11（原文缺标题，编号按顺序推定）· 养老产业',
  culturalTourism: '专栏11（原文缺标题，编号按顺序推定）· 文旅融合',
  sportsIndustry: '专栏11（原文缺标题，编号按顺序推定）· 体育产业',
  yrdEducation: '专栏12 优质公共服务资源共建共享重点任务 · 教育',
  yrdCulture: '专栏12 优质公共服务资源共建共享重点任务 · 文化',
  housingParagraph: '第三章第二节 补齐补强基本公共服务短板弱项 · 优化住房保障服务',
  culturalTourismParagraph: '第五章（原文缺标题，章号按顺序推定）· 推进文旅融合发展',
  sportsIndustryParagraph: '第五章（原文缺标题，章号按顺序推定）· 提高体育产业发展潜力',
  serviceBrandsParagraph: '第五章（原文缺标题，章号按顺序推定）· 强化服务品牌培育',
  indicatorTable: '专栏2 “十四五”社会发展与公共服务主要指标',
} as const;

export type PlanColumn = (typeof PLAN_COLUMNS)[keyof typeof PLAN_COLUMNS];
