import { isCalendarDate, type CalendarDate } from './calendar-date.js';
import { describe } from './command-validation.js';
import { decideCancel, decideResume, decideSuspend } from './decide-lifecycle.js';
import { decideComplete, decideCorrectDate, decidePlan, decideReschedule, decideStart } from './decide-milestones.js';
import { decideRegister } from './decide-register.js';
import type { ProjectCommand } from './project-commands.js';
import { projectError } from './project-errors.js';
import type { ProjectEvent } from './project-events.js';
import type { ProjectState } from './project-state.js';

/**
 * The project aggregate's decider: the events a command produces on the current state, or a
 * DomainError (and so nothing appended). `today` is the calendar date in Asia/Shanghai.
 */
export function decideProject(command: ProjectCommand, state: ProjectState | null, today: CalendarDate): ProjectEvent[] {
  if (!isCalendarDate(today)) throw new Error(`today must be a calendar date, got ${describe(today)}`);
  switch (command.type) {
    case 'registerProject':
      return decideRegister(command, state);
    case 'planMilestone':
      return decidePlan(command, state);
    case 'startMilestone':
      return decideStart(command, state, today);
    case 'completeMilestone':
      return decideComplete(command, state, today);
    case 'rescheduleMilestone':
      return decideReschedule(command, state);
    case 'correctMilestoneDate':
      return decideCorrectDate(command, state, today);
    case 'suspendProject':
      return decideSuspend(command, state);
    case 'resumeProject':
      return decideResume(command, state);
    case 'cancelProject':
      return decideCancel(command, state);
    default:
      return unknownCommand(command);
  }
}

function unknownCommand(command: never): never {
  const type = (command as { type?: unknown } | null)?.type;
  throw projectError('UNKNOWN_COMMAND', `type ${describe(type)} is not a project command`, 'type');
}
