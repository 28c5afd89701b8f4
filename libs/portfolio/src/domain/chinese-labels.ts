/**
 * The Chinese words for project categories, statuses and RAG lights, as the dashboard and the export
 * files show them. No imports on purpose: the web app (built by Vite, without the libs) imports this file as it is.
 */
export const CATEGORY_LABELS = {
  education: '教育',
  health: '卫生健康',
  eldercare: '养老',
  childcare: '托育',
  culture: '文化',
  sports: '体育',
  social_welfare: '社会福利',
  other: '其他',
} as const;

export const STATUS_LABELS = {
  not_started: '未开工',
  in_progress: '在建',
  completed: '已完成',
  suspended: '已暂停',
  cancelled: '已取消',
} as const;

export const RAG_LABELS = { red: '红灯', amber: '黄灯', green: '绿灯' } as const;
