import type { Pool } from 'pg';
import { addDays, type CalendarDate } from '#libs/portfolio';
import { CALENDAR_KINDS, type CalendarKind } from '../portfolio/county-calendar.js';
import { completionFigures, type CalendarSums } from '../portfolio/county-figures.js';

export const TREND_INTERVALS = ['month', 'week'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];

export interface TrendPoint {
  /** The last day of the period (today for the current one). */
  date: CalendarDate;
  completedProjects: number;
  completionRate: number;
  milestonesDone: number;
  milestonesDue: number;
  milestoneCompletionRate: number;
  scheduleRate: number;
  overdueMilestones: number;
  overdueProjects: number;
}

export interface TrendOptions {
  county?: string;
  from: CalendarDate;
  to: CalendarDate;
  interval: TrendInterval;
}

/**
 * Completion and overdue counts at the end of each period, by business dates (a completion
 * reported late counts in the period it happened), from the county calendar as known now.
 */
export async function trend(db: Pick<Pool, 'query'>, options: TrendOptions): Promise<TrendPoint[]> {
  const { rows } = await db.query(
    `SELECT on_date::text AS on_date, ${CALENDAR_KINDS.map((k) => `sum(${k})::int AS ${k}`).join(', ')} FROM county_calendar
     WHERE ($1::text IS NULL OR county = $1) GROUP BY on_date ORDER BY on_date`,
    [options.county ?? null],
  );
  const facts = rows.flatMap((r) => CALENDAR_KINDS.map((kind) => ({ kind, on_date: r.on_date as string, count: r[kind] as number })));
  return periodEnds(options).map((date) => {
    const sums = new Map<CalendarKind, CalendarSums>();
    for (const fact of facts) {
      const sum = sums.get(fact.kind) ?? { kind: fact.kind, total: 0, after: 0 };
      sum.total += fact.count;
      if (fact.on_date > date && fact.on_date !== '-infinity') sum.after += fact.count;
      sums.set(fact.kind, sum);
    }
    const figures = completionFigures([...sums.values()]);
    return {
      date,
      completedProjects: figures.byStatus.completed,
      completionRate: figures.completionRate,
      milestonesDone: figures.milestonesDone,
      milestonesDue: figures.milestonesDue,
      milestoneCompletionRate: figures.milestoneCompletionRate,
      scheduleRate: figures.scheduleRate,
      overdueMilestones: figures.overdueMilestones,
      overdueProjects: figures.overdueProjects,
    };
  });
}

/** The last day of every month (or Sunday of every ISO week) from `from` to `to`, the last one cut at `to`. */
export function periodEnds({ from, to, interval }: Pick<TrendOptions, 'from' | 'to' | 'interval'>): CalendarDate[] {
  const ends: CalendarDate[] = [];
  let end = interval === 'month' ? monthEnd(from) : weekEnd(from);
  while (end < to) {
    ends.push(end);
    end = interval === 'month' ? monthEnd(addDays(end, 1)) : addDays(end, 7);
  }
  if (from <= to) ends.push(to);
  return ends;
}

function monthEnd(date: CalendarDate): CalendarDate {
  const [year, month] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function weekEnd(date: CalendarDate): CalendarDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, (7 - weekday) % 7);
}
