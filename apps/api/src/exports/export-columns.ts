import type { CompletionFigures, CountyView, ProjectExportItem } from '#libs/projections';
import { CATEGORY_LABELS, countyLabel, label, RAG_LABELS, STATUS_LABELS } from './labels.js';
import type { ExportColumn } from './table-export.js';

/** A row of the counties file: a county of GET /api/counties, or the city's total (全市合计). */
export interface CountyRow extends CompletionFigures {
  name: string;
  code: string | null;
  slug: string | null;
  lastActivityAt: string | null;
}

export const CITY_TOTAL = '全市合计';

/** The city's figures (those of GET /api/portfolio) with the latest activity of any county. */
export function cityTotalRow(figures: CompletionFigures, counties: readonly CountyView[]): CountyRow {
  const activity = counties.map((c) => c.lastActivityAt).filter((at): at is string => at !== null);
  return { ...figures, name: CITY_TOTAL, code: null, slug: null, lastActivityAt: activity.length > 0 ? activity.reduce((a, b) => (a > b ? a : b)) : null };
}

export const COUNTY_COLUMNS: readonly ExportColumn<CountyRow>[] = [
  { header: '县区', kind: 'text', width: 12, value: (c) => c.name },
  { header: '行政区划代码', kind: 'text', width: 13, value: (c) => c.code },
  { header: '标识', kind: 'text', width: 11, value: (c) => c.slug },
  { header: '项目数（不含已取消）', kind: 'integer', width: 12, value: (c) => c.projects },
  { header: '未开工', kind: 'integer', width: 8, value: (c) => c.byStatus.not_started },
  { header: '在建', kind: 'integer', width: 8, value: (c) => c.byStatus.in_progress },
  { header: '已完成', kind: 'integer', width: 8, value: (c) => c.byStatus.completed },
  { header: '已暂停', kind: 'integer', width: 8, value: (c) => c.byStatus.suspended },
  { header: '已取消', kind: 'integer', width: 8, value: (c) => c.byStatus.cancelled },
  { header: '项目完成率', kind: 'percent', width: 11, value: (c) => c.completionRate },
  { header: '里程碑数', kind: 'integer', width: 9, value: (c) => c.milestones },
  { header: '已完成里程碑', kind: 'integer', width: 12, value: (c) => c.milestonesDone },
  { header: '里程碑完成率', kind: 'percent', width: 12, value: (c) => c.milestoneCompletionRate },
  { header: '按序时应完成里程碑', kind: 'integer', width: 16, value: (c) => c.milestonesDue },
  { header: '序时进度', kind: 'percent', width: 10, value: (c) => c.scheduleRate },
  { header: '快于(+)/慢于(-)序时进度（百分点）', kind: 'decimal', width: 18, value: (c) => c.aheadOfSchedulePoints },
  { header: '逾期里程碑', kind: 'integer', width: 11, value: (c) => c.overdueMilestones },
  { header: '逾期项目', kind: 'integer', width: 10, value: (c) => c.overdueProjects },
  { header: '最近动态（北京时间）', kind: 'datetime', width: 20, value: (c) => c.lastActivityAt },
];

export const PROJECT_COLUMNS: readonly ExportColumn<ProjectExportItem>[] = [
  { header: '项目名称', kind: 'text', width: 40, value: (p) => p.name },
  { header: '县区', kind: 'text', width: 9, value: (p) => countyLabel(p.county) },
  { header: '类别', kind: 'text', width: 9, value: (p) => label(CATEGORY_LABELS, p.category) },
  { header: '项目类型', kind: 'text', width: 12, value: (p) => p.subType },
  { header: '建设性质', kind: 'text', width: 9, value: (p) => p.action },
  { header: '状态', kind: 'text', width: 8, value: (p) => label(STATUS_LABELS, p.status) },
  { header: '红黄绿灯', kind: 'text', width: 9, value: (p) => label(RAG_LABELS, p.rag) },
  { header: '下一里程碑', kind: 'text', width: 11, value: (p) => p.nextMilestone },
  { header: '计划日期', kind: 'date', width: 11, value: (p) => p.nextDueDate },
  { header: '逾期天数', kind: 'integer', width: 9, value: (p) => p.daysLate },
  { header: '逾期里程碑', kind: 'integer', width: 10, value: (p) => p.overdueCount },
  { header: '已完成里程碑', kind: 'integer', width: 12, value: (p) => p.milestonesDone },
  { header: '里程碑总数', kind: 'integer', width: 10, value: (p) => p.milestonesTotal },
  { header: '计划开工', kind: 'date', width: 11, value: (p) => p.plannedStart },
  { header: '计划竣工', kind: 'date', width: 11, value: (p) => p.plannedCompletion },
  { header: '项目负责人', kind: 'text', width: 26, value: (p) => p.managerEmail },
  { header: '演示数据', kind: 'text', width: 8, value: (p) => (p.synthetic ? '是' : '否') },
  { header: '最近记录（北京时间）', kind: 'datetime', width: 20, value: (p) => p.lastRecordedAt },
  { header: '项目编号', kind: 'text', width: 20, value: (p) => p.id },
];
