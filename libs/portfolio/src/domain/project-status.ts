import type { CalendarDate } from './calendar-date.js';
import type { MilestoneState, ProjectState } from './project-state.js';

export const PROJECT_STATUSES = ['not_started', 'in_progress', 'completed', 'suspended', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Every planned milestone completed, and at least one planned (design §3). */
export function isProjectCompleted(state: ProjectState): boolean {
  return state.milestones.length > 0 && state.milestones.every((m) => m.completedOn !== null);
}

export function projectStatus(state: ProjectState): ProjectStatus {
  if (state.cancelled) return 'cancelled';
  if (state.suspended) return 'suspended';
  if (isProjectCompleted(state)) return 'completed';
  const anyProgress = state.milestones.some((m) => m.startedOn !== null || m.completedOn !== null);
  return anyProgress ? 'in_progress' : 'not_started';
}

/** Not completed and due before today (design §1). */
export function isMilestoneOverdue(milestone: MilestoneState, today: CalendarDate): boolean {
  return milestone.completedOn === null && milestone.dueDate < today;
}

export function findMilestone(state: ProjectState, key: string): MilestoneState | undefined {
  return state.milestones.find((m) => m.key === key);
}
