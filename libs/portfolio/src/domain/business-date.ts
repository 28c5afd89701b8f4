import type { CalendarDate } from './calendar-date.js';
import type { ProjectState } from './project-state.js';

/**
 * A project as it stood on a business date, from everything known now: starts and completions
 * dated after it are not yet there (however early or late they were reported); due dates,
 * suspension and cancellation are as they stand now.
 */
export function projectOnBusinessDate(state: ProjectState, date: CalendarDate): ProjectState {
  return {
    ...state,
    milestones: state.milestones.map((m) => ({
      ...m,
      startedOn: m.startedOn !== null && m.startedOn <= date ? m.startedOn : null,
      completedOn: m.completedOn !== null && m.completedOn <= date ? m.completedOn : null,
      note: m.completedOn !== null && m.completedOn <= date ? m.note : null,
    })),
  };
}
