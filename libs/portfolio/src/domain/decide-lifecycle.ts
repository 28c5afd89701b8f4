import { optionalReason, requireReason } from './command-validation.js';
import type { CancelProject, ResumeProject, SuspendProject } from './project-commands.js';
import { projectError } from './project-errors.js';
import type { ProjectCancelled, ProjectResumed, ProjectSuspended } from './project-events.js';
import { requireActive, requireNotCancelled, requireProject } from './project-guards.js';
import type { ProjectState } from './project-state.js';
import { isProjectCompleted } from './project-status.js';

export function decideSuspend(command: SuspendProject, state: ProjectState | null): ProjectSuspended[] {
  const reason = optionalReason(command.reason);
  const project = requireProject(state);
  requireActive(project);
  requireNotFinished(project, 'suspended');
  return [{ type: 'project.suspended', data: { reason: requireReason(reason) } }];
}

export function decideResume(command: ResumeProject, state: ProjectState | null): ProjectResumed[] {
  const reason = optionalReason(command.reason);
  const project = requireProject(state);
  requireNotCancelled(project);
  if (!project.suspended) {
    throw projectError('PROJECT_NOT_SUSPENDED', `project ${project.id} is not suspended: there is nothing to resume`);
  }
  return [{ type: 'project.resumed', data: { reason } }];
}

export function decideCancel(command: CancelProject, state: ProjectState | null): ProjectCancelled[] {
  const reason = optionalReason(command.reason);
  const project = requireProject(state);
  requireActive(project);
  requireNotFinished(project, 'cancelled');
  return [{ type: 'project.cancelled', data: { reason: requireReason(reason) } }];
}

function requireNotFinished(project: ProjectState, verb: string): void {
  if (isProjectCompleted(project)) {
    throw projectError('PROJECT_COMPLETED', `project ${project.id} is completed (every milestone done): it cannot be ${verb}`);
  }
}
