import { COUNTIES } from '#libs/portfolio';

/** Chinese labels of the export files (the same words the web dashboard shows). */
export const CATEGORY_LABELS: Record<string, string> = {
  education: '教育',
  health: '卫生健康',
  eldercare: '养老',
  childcare: '托育',
  culture: '文化',
  sports: '体育',
  social_welfare: '社会福利',
  other: '其他',
};

export const STATUS_LABELS: Record<string, string> = {
  not_started: '未开工',
  in_progress: '在建',
  completed: '已完成',
  suspended: '已暂停',
  cancelled: '已取消',
};

export const RAG_LABELS: Record<string, string> = { red: '红灯', amber: '黄灯', green: '绿灯' };

export function countyLabel(slug: string): string {
  return COUNTIES.find((c) => c.slug === slug)?.name ?? slug;
}

export const label = (labels: Record<string, string>, value: string): string => labels[value] ?? value;
