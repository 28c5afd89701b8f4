import type { CalendarDate } from './calendar-date.js';
import {
  PROJECT_TEXT_LIMITS,
  describe,
  milestoneKey,
  notAfterToday,
  optionalReason,
  optionalText,
  requireReason,
  requiredDate,
} from './command-validation.js';
import { templateTitle } from './milestone-template.js';
import type {
  CompleteMilestone,
  CorrectMilestoneDate,
  PlanMilestone,
  RescheduleMilestone,
  StartMilestone,
} from './project-commands.js';
import { projectError } from './project-errors.js';
import {
  CORRECTABLE_DATE_FIELDS,
  type CorrectableDateField,
  type MilestoneCompleted,
  type MilestoneDateCorrected,
  type MilestonePlanned,
  type MilestoneRescheduled,
  type MilestoneStarted,
} from './project-events.js';
import { requireActive, requireMilestone, requireNotCompleted, requireProject } from './project-guards.js';
import type { ProjectState } from './project-state.js';
import { findMilestone } from './project-status.js';

// Order of checks in every decider: malformed input (400), then existence (404), then rules (422).

export function decidePlan(command: PlanMilestone, state: ProjectState | null): MilestonePlanned[] {
  const key = milestoneKey(command.key);
  const title = milestoneTitle(key, command.title);
  const dueDate = requiredDate(command.dueDate, 'dueDate');
  const project = requireProject(state);
  requireActive(project);
  if (findMilestone(project, key)) {
    throw projectError('MILESTONE_ALREADY_PLANNED', `key: milestone ${key} is already planned on this project`, 'key');
  }
  return [{ type: 'milestone.planned', data: { key, title, dueDate } }];
}

export function decideStart(command: StartMilestone, state: ProjectState | null, today: CalendarDate): MilestoneStarted[] {
  const key = milestoneKey(command.key);
  const startedOn = requiredDate(command.startedOn, 'startedOn');
  const project = requireProject(state);
  requireActive(project);
  const milestone = requireMilestone(project, key);
  requireNotCompleted(milestone);
  if (milestone.startedOn !== null) {
    throw projectError('MILESTONE_ALREADY_STARTED', `key: milestone ${key} was already started on ${milestone.startedOn}`, 'key');
  }
  notAfterToday(startedOn, 'startedOn', today);
  return [{ type: 'milestone.started', data: { key, startedOn } }];
}

export function decideComplete(
  command: CompleteMilestone,
  state: ProjectState | null,
  today: CalendarDate,
): MilestoneCompleted[] {
  const key = milestoneKey(command.key);
  const completedOn = requiredDate(command.completedOn, 'completedOn');
  const note = optionalText(command.note, { field: 'note', max: PROJECT_TEXT_LIMITS.note, tooLong: 'NOTE_TOO_LONG' });
  const project = requireProject(state);
  requireActive(project);
  const milestone = requireMilestone(project, key);
  requireNotCompleted(milestone);
  notAfterToday(completedOn, 'completedOn', today);
  requireInOrder(milestone.startedOn, completedOn, 'completedOn');
  return [{ type: 'milestone.completed', data: { key, completedOn, note } }];
}

export function decideReschedule(command: RescheduleMilestone, state: ProjectState | null): MilestoneRescheduled[] {
  const key = milestoneKey(command.key);
  const dueDate = requiredDate(command.dueDate, 'dueDate');
  const reason = optionalReason(command.reason);
  const project = requireProject(state);
  requireActive(project);
  const milestone = requireMilestone(project, key);
  requireNotCompleted(milestone);
  const checkedReason = requireReason(reason);
  if (dueDate === milestone.dueDate) {
    throw projectError('RESCHEDULE_SAME_DATE', `dueDate ${dueDate} is already the due date of milestone ${key}`, 'dueDate');
  }
  return [{ type: 'milestone.rescheduled', data: { key, previousDueDate: milestone.dueDate, dueDate, reason: checkedReason } }];
}

export function decideCorrectDate(
  command: CorrectMilestoneDate,
  state: ProjectState | null,
  today: CalendarDate,
): MilestoneDateCorrected[] {
  const key = milestoneKey(command.key);
  const field = correctableField(command.field);
  const date = requiredDate(command.date, 'date');
  const reason = optionalReason(command.reason);
  const project = requireProject(state);
  requireActive(project);
  const milestone = requireMilestone(project, key);
  const previousDate = milestone[field];
  if (previousDate === null) {
    throw projectError('DATE_NOT_RECORDED', `field: milestone ${key} has no ${field} to correct`, 'field');
  }
  if (date === previousDate) {
    throw projectError('CORRECTION_SAME_DATE', `date ${date} is already the ${field} of milestone ${key}`, 'date');
  }
  const checkedReason = requireReason(reason);
  notAfterToday(date, 'date', today);
  if (field === 'startedOn') requireInOrder(date, milestone.completedOn, 'date');
  else requireInOrder(milestone.startedOn, date, 'date');
  return [{ type: 'milestone.date_corrected', data: { key, field, previousDate, date, reason: checkedReason } }];
}

function milestoneTitle(key: string, value: unknown): string {
  const title = optionalText(value, { field: 'title', max: PROJECT_TEXT_LIMITS.title, tooLong: 'TITLE_TOO_LONG' }) ?? templateTitle(key);
  if (title === undefined) {
    throw projectError('TITLE_REQUIRED', `title must not be empty for ${key}, which is not a template milestone`, 'title');
  }
  return title;
}

function correctableField(value: unknown): CorrectableDateField {
  if (!(CORRECTABLE_DATE_FIELDS as readonly unknown[]).includes(value)) {
    throw projectError(
      'INVALID_CORRECTION_FIELD',
      `field must be one of ${CORRECTABLE_DATE_FIELDS.join(', ')}, got ${describe(value)}`,
      'field',
    );
  }
  return value as CorrectableDateField;
}

function requireInOrder(startedOn: CalendarDate | null, completedOn: CalendarDate | null, field: string): void {
  if (startedOn !== null && completedOn !== null && completedOn < startedOn) {
    throw projectError('COMPLETED_BEFORE_STARTED', `${field}: completedOn ${completedOn} would be before startedOn ${startedOn}`, field);
  }
}
