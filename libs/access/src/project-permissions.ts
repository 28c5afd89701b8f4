import { DomainError, type CountySlug, type ProjectCommand } from '#libs/portfolio';
import type { SignedInUser } from './roles.js';

/** What a manager may record on a project of their county: progress, never its existence. */
const PROGRESS_COMMANDS: ReadonlySet<ProjectCommand['type']> = new Set<ProjectCommand['type']>([
  'planMilestone',
  'startMilestone',
  'completeMilestone',
  'rescheduleMilestone',
  'correctMilestoneDate',
  'suspendProject',
  'resumeProject',
]);

/** Registering and cancelling projects is the administrator's; recording progress also the county's manager's. */
export function mayRunProjectCommand(user: SignedInUser, command: ProjectCommand['type'], projectCounty: CountySlug | string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'manager' && PROGRESS_COMMANDS.has(command) && user.county === projectCounty;
}

/** Throws the 403 refusal unless the user may run the command on a project of that county. */
export function assertMayRunProjectCommand(user: SignedInUser, command: ProjectCommand['type'], projectCounty: CountySlug | string): void {
  if (mayRunProjectCommand(user, command, projectCounty)) return;
  throw new DomainError('forbidden', 'FORBIDDEN', refusal(user, command, projectCounty));
}

function refusal(user: SignedInUser, command: ProjectCommand['type'], projectCounty: string): string {
  if (user.role === 'manager' && PROGRESS_COMMANDS.has(command)) {
    return `${user.username} records progress only on projects of ${user.county}; this project is in ${projectCounty}`;
  }
  return `the ${user.role} role may not ${command}`;
}
