import type { CalendarKind } from './county-calendar.js';

/** Sums of one county's (or category's) calendar: every fact, and those dated after the date asked about. */
export interface CalendarSums {
  kind: CalendarKind;
  total: number;
  after: number;
}

export interface CompletionFigures {
  projects: number;
  byStatus: { not_started: number; in_progress: number; completed: number; suspended: number; cancelled: number };
  /** Completed projects over projects not cancelled. */
  completionRate: number;
  milestones: number;
  milestonesDone: number;
  milestoneCompletionRate: number;
  /** 序时进度: the share of milestones due on or before the date (design §3). */
  milestonesDue: number;
  scheduleRate: number;
  /** Milestone completion rate minus 序时进度, in percentage points (positive: ahead of schedule). */
  aheadOfSchedulePoints: number;
  overdueMilestones: number;
  overdueProjects: number;
}

/** A county's figures on a date, from its calendar sums (dates in the future of that date not yet counted). */
export function completionFigures(sums: readonly CalendarSums[]): CompletionFigures {
  const all = (kind: CalendarKind) => sums.filter((s) => s.kind === kind).reduce((n, s) => n + s.total, 0);
  const byDate = (kind: CalendarKind) => sums.filter((s) => s.kind === kind).reduce((n, s) => n + s.total - s.after, 0);
  const projects = all('project');
  const suspended = all('suspended');
  const started = byDate('started');
  const completed = byDate('completed');
  const milestones = all('milestone');
  const milestonesDone = byDate('milestone_done');
  const milestonesDue = byDate('milestone');
  const milestoneCompletionRate = ratio(milestonesDone, milestones);
  const scheduleRate = ratio(milestonesDue, milestones);
  return {
    projects,
    byStatus: {
      not_started: projects - suspended - started,
      in_progress: started - completed,
      completed,
      suspended,
      cancelled: all('cancelled'),
    },
    completionRate: ratio(completed, projects),
    milestones,
    milestonesDone,
    milestoneCompletionRate,
    milestonesDue,
    scheduleRate,
    aheadOfSchedulePoints: Math.round((milestoneCompletionRate - scheduleRate) * 1000) / 10,
    overdueMilestones: byDate('milestone_late_from') - byDate('milestone_late_until'),
    overdueProjects: byDate('project_late_from') - byDate('project_late_until'),
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000;
}
