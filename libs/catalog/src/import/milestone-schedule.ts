import { addDays, daysBetween, type CalendarDate } from '../../../portfolio/src/domain/calendar-date.js';
import { templateFor } from '../../../portfolio/src/domain/milestone-template.js';
import type { ProjectAction } from '../../../portfolio/src/domain/project-action.js';

export interface ScheduledMilestone {
  key: string;
  title: string;
  dueDate: CalendarDate;
}

/**
 * The due dates a catalog project is planned with. The plan gives each project at most a
 * completion deadline, so: the template of its action (design §1), the last milestone due on
 * the deadline, and milestone i of n due at the fraction i/n of the window from `windowStart`
 * to the deadline, moved to the nearest month end (reports are monthly).
 */
export function scheduleMilestones(action: ProjectAction, windowStart: CalendarDate, deadline: CalendarDate): ScheduledMilestone[] {
  const template = templateFor(action);
  const span = daysBetween(windowStart, deadline);
  return template.map((milestone, index) => {
    const last = index === template.length - 1;
    const due = last ? deadline : nearestMonthEnd(addDays(windowStart, Math.round((span * (index + 1)) / template.length)));
    return { key: milestone.key, title: milestone.title, dueDate: due < deadline ? due : deadline };
  });
}

function nearestMonthEnd(date: CalendarDate): CalendarDate {
  const [year, month] = date.split('-').map(Number);
  const previous = new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
  const current = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return daysBetween(previous, date) <= daysBetween(date, current) ? previous : current;
}
