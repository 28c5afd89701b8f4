import { projectError } from './project-errors.js';
import type { MilestoneState, ProjectState } from './project-state.js';
import { findMilestone } from './project-status.js';

export function requireProject(state: ProjectState | null): ProjectState {
  if (!state) throw projectError('PROJECT_NOT_FOUND', 'projectId: no such project', 'projectId');
  return state;
}

export function requireNotCancelled(state: ProjectState): void {
  if (state.cancelled) {
    throw projectError('PROJECT_CANCELLED', `project ${state.id} is cancelled: nothing more can be recorded`);
  }
}

/** A cancelled project takes nothing; a suspended one takes nothing but resume. */
export function requireActive(state: ProjectState): void {
  requireNotCancelled(state);
  if (state.suspended) {
    throw projectError('PROJECT_SUSPENDED', `project ${state.id} is suspended: resume it first`);
  }
}

export function requireMilestone(state: ProjectState, key: string): MilestoneState {
  const milestone = findMilestone(state, key);
  if (!milestone) throw projectError('MILESTONE_NOT_FOUND', `key: no milestone ${key} is planned on this project`, 'key');
  return milestone;
}

export function requireNotCompleted(milestone: MilestoneState): void {
  if (milestone.completedOn !== null) {
    throw projectError(
      'MILESTONE_ALREADY_COMPLETED',
      `key: milestone ${milestone.key} was already completed on ${milestone.completedOn}`,
      'key',
    );
  }
}
