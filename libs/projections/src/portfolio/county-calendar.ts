import { addDays, type CalendarDate, type ProjectState } from '#libs/portfolio';

/**
 * What a project contributes to its county's calendar: facts, each counted on a business date.
 * A county's figures on any date D are then sums of the facts dated on or before D, so one
 * table answers today, any past business date (effectiveAt) and trends, with no event needed
 * when a day passes. Suspension and cancellation count as they stand in the entry's state.
 */
export const CALENDAR_KINDS = [
  'project', // not cancelled (undated)
  'cancelled', // undated
  'suspended', // undated
  'started', // first start or completion of an active project
  'completed', // last completion of an active project whose every milestone is complete
  'milestone', // a milestone of a project not cancelled, on its due date
  'milestone_done', // … on its completion date
  'milestone_late_from', // an active project's milestone: overdue from the day after its due date…
  'milestone_late_until', // … until the day it was completed
  'project_late_from', // an active project with at least one overdue milestone, from…
  'project_late_until', // … until
] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

/** The date of facts that hold whatever the date (PostgreSQL's -infinity sorts before every date). */
export const UNDATED = '-infinity';

export interface CalendarEntry {
  kind: CalendarKind;
  onDate: CalendarDate;
}

interface Interval {
  from: CalendarDate;
  until: CalendarDate | null;
}

export function calendarEntries(state: ProjectState): CalendarEntry[] {
  if (state.cancelled) return [{ kind: 'cancelled', onDate: UNDATED }];
  const entries: CalendarEntry[] = [{ kind: 'project', onDate: UNDATED }];
  for (const m of state.milestones) {
    entries.push({ kind: 'milestone', onDate: m.dueDate });
    if (m.completedOn) entries.push({ kind: 'milestone_done', onDate: m.completedOn });
  }
  if (state.suspended) return [...entries, { kind: 'suspended', onDate: UNDATED }];

  const progress = state.milestones.flatMap((m) => [m.startedOn, m.completedOn]).filter((d): d is CalendarDate => d !== null);
  if (progress.length > 0) entries.push({ kind: 'started', onDate: minDate(progress) });
  const completions = state.milestones.map((m) => m.completedOn);
  if (completions.length > 0 && completions.every((d) => d !== null)) {
    entries.push({ kind: 'completed', onDate: maxDate(completions as CalendarDate[]) });
  }
  const late = state.milestones.map(lateInterval).filter((i): i is Interval => i !== null);
  entries.push(...intervalEntries(late, 'milestone_late_from', 'milestone_late_until'));
  entries.push(...intervalEntries(mergeIntervals(late), 'project_late_from', 'project_late_until'));
  return entries;
}

/** Overdue from the day after the due date until (not including) the completion date. */
function lateInterval(m: ProjectState['milestones'][number]): Interval | null {
  const from = addDays(m.dueDate, 1);
  if (m.completedOn !== null && m.completedOn <= from) return null;
  return { from, until: m.completedOn };
}

function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.until === null || next.from <= last.until)) {
      last.until = last.until === null || next.until === null ? null : maxDate([last.until, next.until]);
    } else {
      merged.push({ ...next });
    }
  }
  return merged;
}

function intervalEntries(intervals: readonly Interval[], from: CalendarKind, until: CalendarKind): CalendarEntry[] {
  return intervals.flatMap((i) => [
    { kind: from, onDate: i.from },
    ...(i.until === null ? [] : [{ kind: until, onDate: i.until }]),
  ]);
}

const minDate = (dates: readonly CalendarDate[]) => dates.reduce((a, b) => (b < a ? b : a));
const maxDate = (dates: readonly CalendarDate[]) => dates.reduce((a, b) => (b > a ? b : a));
