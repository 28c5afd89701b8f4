/**
 * The commands of the project aggregate. Values arrive from outside (HTTP, imports), so the
 * enumerations and dates are plain strings here: `decideProject` validates them.
 */
export interface RegisterProject {
  type: 'registerProject';
  projectId: string;
  name: string;
  county: string;
  category: string;
  subType: string;
  action: string;
  plan: string;
  sourceRef?: string | null;
  plannedStart?: string | null;
  plannedCompletion?: string | null;
  managerEmail: string;
}

export interface PlanMilestone {
  type: 'planMilestone';
  key: string;
  /** Defaults to the template title for template keys; required for a project's own keys. */
  title?: string | null;
  dueDate: string;
}

export interface StartMilestone {
  type: 'startMilestone';
  key: string;
  startedOn: string;
}

export interface CompleteMilestone {
  type: 'completeMilestone';
  key: string;
  completedOn: string;
  note?: string | null;
}

export interface RescheduleMilestone {
  type: 'rescheduleMilestone';
  key: string;
  dueDate: string;
  reason: string;
}

export interface CorrectMilestoneDate {
  type: 'correctMilestoneDate';
  key: string;
  /** 'startedOn' or 'completedOn'. */
  field: string;
  date: string;
  reason: string;
}

export interface SuspendProject {
  type: 'suspendProject';
  reason: string;
}

export interface ResumeProject {
  type: 'resumeProject';
  reason?: string | null;
}

export interface CancelProject {
  type: 'cancelProject';
  reason: string;
}

export type ProjectCommand =
  | RegisterProject
  | PlanMilestone
  | StartMilestone
  | CompleteMilestone
  | RescheduleMilestone
  | CorrectMilestoneDate
  | SuspendProject
  | ResumeProject
  | CancelProject;

export type ProjectCommandType = ProjectCommand['type'];

export const PROJECT_COMMAND_TYPES: readonly ProjectCommandType[] = [
  'registerProject',
  'planMilestone',
  'startMilestone',
  'completeMilestone',
  'rescheduleMilestone',
  'correctMilestoneDate',
  'suspendProject',
  'resumeProject',
  'cancelProject',
];
