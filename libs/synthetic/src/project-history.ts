import { addDays, daysBetween, type CalendarDate } from '#libs/portfolio';
import { later, type DatedCommand } from './dated-command.js';
import type { PlannedMilestone } from './milestone-plan.js';
import { FATE_ODDS, paceDelay, type ProjectFate } from './project-fate.js';
import type { Random } from './random.js';
import {
  CANCELLATION_REASONS,
  COMPLETION_NOTES,
  CORRECTION_REASONS,
  RESUMPTION_REASONS,
  SUSPENSION_REASONS,
  rescheduleReasons,
} from './reasons.js';

/** Milestones that are a single day (a decision, a hand-over): completed without being started. */
const POINT_MILESTONES = new Set(['approval', 'in_service']);

/** The commands recorded so far, in date order; nothing after `today` is a fact yet. */
class History {
  readonly commands: DatedCommand[] = [];
  /** The date of the last recorded command: nothing later happens before it. */
  cursor: CalendarDate;
  /** Days the work runs behind the original plan. */
  delay = 0;
  /** The current due date of each milestone, after reschedules. */
  readonly dues: Map<string, CalendarDate>;

  constructor(
    readonly random: Random,
    readonly today: CalendarDate,
    start: CalendarDate,
    readonly milestones: readonly PlannedMilestone[],
  ) {
    this.cursor = start;
    this.dues = new Map(milestones.map((m) => [m.key, m.dueDate]));
  }

  /** Records the command, or returns false when its date lies after today. */
  record({ on, command }: DatedCommand): boolean {
    if (on > this.today) return false;
    this.commands.push({ on, command });
    this.cursor = later(this.cursor, on);
    if (command.type === 'rescheduleMilestone') this.dues.set(command.key, command.dueDate);
    return true;
  }

  due(key: string): CalendarDate {
    return this.dues.get(key) as CalendarDate;
  }
}

/** What happens to a registered project up to `today`: milestones in order, slips, reschedules, pauses. */
export function playHistory(
  random: Random,
  today: CalendarDate,
  registeredOn: CalendarDate,
  milestones: readonly PlannedMilestone[],
  fate: ProjectFate,
): DatedCommand[] {
  const history = new History(random, today, registeredOn, milestones);
  let previousDue = registeredOn;
  for (const [index, milestone] of milestones.entries()) {
    if (fate.cancelAt === index) {
      history.record(cancellation(history));
      break;
    }
    if (fate.suspension?.at === index && !suspend(history, fate.suspension.resumeAfterDays)) break;
    history.delay += paceDelay(random, fate.pace);
    if (!playMilestone(history, index, previousDue, fate.stallAt === index)) break;
    previousDue = milestone.dueDate;
  }
  return history.commands;
}

/** Start, maybe reschedule, complete; false when the history ends here (today reached, or stalled). */
function playMilestone(history: History, index: number, previousDue: CalendarDate, stalls: boolean): boolean {
  const { key, dueDate } = history.milestones[index];
  const startOn = later(history.cursor, addDays(previousDue, history.delay));
  const completedOn = later(startOn, addDays(dueDate, history.delay));
  const startedOn = POINT_MILESTONES.has(key) ? null : startOn;
  const steps: DatedCommand[] = startedOn ? [{ on: startedOn, command: { type: 'startMilestone', key, startedOn } }] : [];
  steps.push(...rescheduling(history, index, stalls ? null : completedOn));
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  if (!steps.every((step) => history.record(step))) return false;
  if (stalls) return false;
  const note = history.random.chance(FATE_ODDS.note) ? history.random.pick(COMPLETION_NOTES[key] ?? ['']) : null;
  if (!history.record({ on: completedOn, command: { type: 'completeMilestone', key, completedOn, note } })) return false;
  const correction = correcting(history, key, startedOn, completedOn);
  if (correction) history.record(correction);
  return true;
}

/**
 * A manager who sees a milestone running late moves its due date (to a date still ahead, not
 * always far enough), and by as much each following milestone that would otherwise fall due before the one it follows.
 */
function rescheduling(history: History, index: number, completedOn: CalendarDate | null): DatedCommand[] {
  const { random, milestones } = history;
  const due = history.due(milestones[index].key);
  const lateBy = completedOn === null ? Infinity : daysBetween(due, completedOn);
  if (lateBy <= FATE_ODDS.rescheduleAfterDays) return [];
  if (!random.chance(lateBy > FATE_ODDS.rescheduleLongAfterDays ? FATE_ODDS.rescheduleLong : FATE_ODDS.reschedule)) return [];
  const on = later(history.cursor, addDays(due, -random.int(5, 45)));
  const moveBy = completedOn === null ? random.int(60, 240) : Math.max(1, Math.round(lateBy * (0.4 + random.float() * 0.7)));
  const shift = daysBetween(due, later(addDays(due, moveBy), addDays(on, random.int(15, 60))));
  const reason = random.pick(rescheduleReasons(milestones[index].key, on));
  const steps: DatedCommand[] = [];
  let previous = '';
  for (const { key } of milestones.slice(index)) {
    if (steps.length > 0 && history.due(key) > previous) break;
    previous = addDays(history.due(key), shift);
    steps.push({ on, command: { type: 'rescheduleMilestone', key, dueDate: previous, reason } });
  }
  return steps;
}

/** Now and then a recorded date was wrong and is corrected a few weeks later: a few days earlier. */
function correcting(history: History, key: string, startedOn: CalendarDate | null, completedOn: CalendarDate): DatedCommand | null {
  const { random } = history;
  if (!random.chance(FATE_ODDS.correction)) return null;
  const on = addDays(completedOn, random.int(1, 30));
  const reason = random.pick(CORRECTION_REASONS);
  const shift = random.int(1, 7);
  if (startedOn !== null && random.chance(0.3)) {
    return { on, command: { type: 'correctMilestoneDate', key, field: 'startedOn', date: addDays(startedOn, -shift), reason } };
  }
  const date = later(addDays(completedOn, -shift), startedOn ?? '');
  if (date === completedOn) return null;
  return { on, command: { type: 'correctMilestoneDate', key, field: 'completedOn', date, reason } };
}

/** Suspends the project; true when it was resumed (the pause adds to its delay) by today. */
function suspend(history: History, resumeAfterDays: number | null): boolean {
  const { random } = history;
  const on = addDays(history.cursor, random.int(10, 120));
  if (!history.record({ on, command: { type: 'suspendProject', reason: random.pick(SUSPENSION_REASONS) } })) return false;
  if (resumeAfterDays === null) return false;
  const reason = random.chance(0.8) ? random.pick(RESUMPTION_REASONS) : null;
  if (!history.record({ on: addDays(on, resumeAfterDays), command: { type: 'resumeProject', reason } })) return false;
  history.delay += resumeAfterDays;
  return true;
}

function cancellation(history: History): DatedCommand {
  const { random } = history;
  return { on: addDays(history.cursor, random.int(10, 180)), command: { type: 'cancelProject', reason: random.pick(CANCELLATION_REASONS) } };
}
