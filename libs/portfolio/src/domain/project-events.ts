import type { CalendarDate } from './calendar-date.js';
import type { Category } from './category.js';
import type { CountySlug } from './county.js';
import type { ProjectAction } from './project-action.js';

/** Every project event type; all are at schema version 1. */
export const PROJECT_EVENT_TYPES = [
  'project.registered',
  'milestone.planned',
  'milestone.started',
  'milestone.completed',
  'milestone.rescheduled',
  'milestone.date_corrected',
  'project.suspended',
  'project.resumed',
  'project.cancelled',
] as const;

export type ProjectEventType = (typeof PROJECT_EVENT_TYPES)[number];

export interface ProjectRegisteredData {
  projectId: string;
  name: string;
  county: CountySlug;
  category: Category;
  /** Kind of facility in Chinese: 小学, 九年一贯制学校, 医院, 养老服务中心 … */
  subType: string;
  action: ProjectAction;
  /** The plan the project belongs to, or a synthetic marker. */
  plan: string;
  /** 专栏 and source phrase, when the project comes from the plan. */
  sourceRef: string | null;
  plannedStart: CalendarDate | null;
  plannedCompletion: CalendarDate | null;
  managerEmail: string;
}

export interface MilestonePlannedData {
  key: string;
  title: string;
  dueDate: CalendarDate;
}

export interface MilestoneStartedData {
  key: string;
  startedOn: CalendarDate;
}

export interface MilestoneCompletedData {
  key: string;
  completedOn: CalendarDate;
  note: string | null;
}

export interface MilestoneRescheduledData {
  key: string;
  previousDueDate: CalendarDate;
  dueDate: CalendarDate;
  reason: string;
}

export const CORRECTABLE_DATE_FIELDS = ['startedOn', 'completedOn'] as const;
export type CorrectableDateField = (typeof CORRECTABLE_DATE_FIELDS)[number];

export interface MilestoneDateCorrectedData {
  key: string;
  field: CorrectableDateField;
  previousDate: CalendarDate;
  date: CalendarDate;
  reason: string;
}

export interface ProjectSuspendedData {
  reason: string;
}

export interface ProjectResumedData {
  reason: string | null;
}

export interface ProjectCancelledData {
  reason: string;
}

export type ProjectRegistered = { type: 'project.registered'; data: ProjectRegisteredData };
export type MilestonePlanned = { type: 'milestone.planned'; data: MilestonePlannedData };
export type MilestoneStarted = { type: 'milestone.started'; data: MilestoneStartedData };
export type MilestoneCompleted = { type: 'milestone.completed'; data: MilestoneCompletedData };
export type MilestoneRescheduled = { type: 'milestone.rescheduled'; data: MilestoneRescheduledData };
export type MilestoneDateCorrected = { type: 'milestone.date_corrected'; data: MilestoneDateCorrectedData };
export type ProjectSuspended = { type: 'project.suspended'; data: ProjectSuspendedData };
export type ProjectResumed = { type: 'project.resumed'; data: ProjectResumedData };
export type ProjectCancelled = { type: 'project.cancelled'; data: ProjectCancelledData };

export type ProjectEvent =
  | ProjectRegistered
  | MilestonePlanned
  | MilestoneStarted
  | MilestoneCompleted
  | MilestoneRescheduled
  | MilestoneDateCorrected
  | ProjectSuspended
  | ProjectResumed
  | ProjectCancelled;

export function isProjectEventType(value: unknown): value is ProjectEventType {
  return typeof value === 'string' && (PROJECT_EVENT_TYPES as readonly string[]).includes(value);
}

/** True for an object with a known project event type and an object as data (the shape of data is trusted). */
export function isProjectEvent(value: unknown): value is ProjectEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { type, data } = value as { type?: unknown; data?: unknown };
  return isProjectEventType(type) && typeof data === 'object' && data !== null;
}
