import { daysBetween, isMilestoneOverdue, isProjectCompleted, type CalendarDate, type ProjectEvent, type ProjectState } from '#libs/portfolio';

/** Overdue by more than a year counts as badly late. */
export const BADLY_LATE_DAYS = 365;

export interface PortfolioCounts {
  projects: number;
  /** Not cancelled, with a milestone overdue as of today. */
  late: number;
  badlyLate: number;
  suspended: number;
  /** Suspended once and resumed since. */
  resumed: number;
  cancelled: number;
  completed: number;
  rescheduled: number;
  corrected: number;
}

export type PortfolioShares = Omit<PortfolioCounts, 'projects'>;

export function emptyCounts(): PortfolioCounts {
  return { projects: 0, late: 0, badlyLate: 0, suspended: 0, resumed: 0, cancelled: 0, completed: 0, rescheduled: 0, corrected: 0 };
}

/** Adds one project, as its history stands on `today`, to the counts. */
export function countProject(counts: PortfolioCounts, state: ProjectState, events: readonly ProjectEvent[], today: CalendarDate): void {
  const overdue = state.cancelled ? [] : state.milestones.filter((m) => isMilestoneOverdue(m, today));
  counts.projects += 1;
  counts.late += overdue.length > 0 ? 1 : 0;
  counts.badlyLate += overdue.some((m) => daysBetween(m.dueDate, today) > BADLY_LATE_DAYS) ? 1 : 0;
  counts.suspended += state.suspended && !state.cancelled ? 1 : 0;
  counts.cancelled += state.cancelled ? 1 : 0;
  counts.completed += isProjectCompleted(state) ? 1 : 0;
  counts.resumed += events.some((e) => e.type === 'project.resumed') ? 1 : 0;
  counts.rescheduled += events.some((e) => e.type === 'milestone.rescheduled') ? 1 : 0;
  counts.corrected += events.some((e) => e.type === 'milestone.date_corrected') ? 1 : 0;
}

export function sharesOf(counts: PortfolioCounts): PortfolioShares {
  const { projects, ...rest } = counts;
  const share = (n: number) => (projects === 0 ? 0 : n / projects);
  return Object.fromEntries(Object.entries(rest).map(([key, n]) => [key, share(n)])) as PortfolioShares;
}

export function describeShares(shares: PortfolioShares): string {
  return Object.entries(shares)
    .map(([key, share]) => `${key} ${(share * 100).toFixed(1)}%`)
    .join(', ');
}
