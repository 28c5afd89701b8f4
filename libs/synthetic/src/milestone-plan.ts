import { addDays, daysBetween, templateFor, type CalendarDate, type ProjectAction } from '#libs/portfolio';
import type { Random } from './random.js';

export interface PlannedMilestone {
  key: string;
  title: string;
  dueDate: CalendarDate;
}

/** Where in the planned window each template milestone falls due (0 = planned start, 1 = planned completion). */
const WINDOW_SHARE: Record<string, number> = {
  approval: 0.06,
  design: 0.2,
  groundbreaking: 0.3,
  topping_out: 0.62,
  acceptance: 0.9,
  in_service: 1,
};

const JITTER = 0.03;

/** The template milestones of the action, due in order over the window, the last on the planned completion. */
export function planMilestones(random: Random, action: ProjectAction, start: CalendarDate, completion: CalendarDate): PlannedMilestone[] {
  const span = daysBetween(start, completion);
  const template = templateFor(action);
  let previous = addDays(start, -1);
  return template.map((milestone, index) => {
    const last = index === template.length - 1;
    const share = WINDOW_SHARE[milestone.key] + (last ? 0 : (random.float() * 2 - 1) * JITTER);
    const drawn = last ? completion : addDays(start, Math.round(span * share));
    const dueDate = drawn > previous ? drawn : addDays(previous, 1);
    previous = dueDate;
    return { key: milestone.key, title: milestone.title, dueDate };
  });
}
