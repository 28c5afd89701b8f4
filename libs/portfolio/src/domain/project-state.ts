import type { CalendarDate } from './calendar-date.js';
import type {
  MilestoneDateCorrectedData,
  ProjectEvent,
  ProjectRegisteredData,
} from './project-events.js';

export interface MilestoneState {
  readonly key: string;
  readonly title: string;
  /** The current due date, after any reschedule. */
  readonly dueDate: CalendarDate;
  /** The due date as first planned. */
  readonly originalDueDate: CalendarDate;
  readonly startedOn: CalendarDate | null;
  readonly completedOn: CalendarDate | null;
  readonly note: string | null;
  readonly rescheduleCount: number;
}

/** What the stream of one project says now (corrections applied); versions live in the event store. */
export interface ProjectState {
  readonly id: string;
  readonly name: string;
  readonly county: ProjectRegisteredData['county'];
  readonly category: ProjectRegisteredData['category'];
  readonly subType: string;
  readonly action: ProjectRegisteredData['action'];
  readonly plan: string;
  readonly sourceRef: string | null;
  readonly plannedStart: CalendarDate | null;
  readonly plannedCompletion: CalendarDate | null;
  readonly managerEmail: string;
  readonly suspended: boolean;
  readonly suspensionReason: string | null;
  readonly cancelled: boolean;
  readonly cancellationReason: string | null;
  /** In the order they were planned. */
  readonly milestones: readonly MilestoneState[];
}

/** Applies one event. A stream that contradicts itself is corrupt: that throws a plain Error. */
export function evolve(state: ProjectState | null, event: ProjectEvent): ProjectState {
  if (event.type === 'project.registered') {
    if (state) throw new Error(`project ${state.id} is registered twice`);
    return registered(event.data);
  }
  if (!state) throw new Error(`${event.type} before project.registered`);
  switch (event.type) {
    case 'milestone.planned': {
      const { key, title, dueDate } = event.data;
      if (state.milestones.some((m) => m.key === key)) throw new Error(`milestone ${key} planned twice`);
      const milestone: MilestoneState = {
        key,
        title,
        dueDate,
        originalDueDate: dueDate,
        startedOn: null,
        completedOn: null,
        note: null,
        rescheduleCount: 0,
      };
      return { ...state, milestones: [...state.milestones, milestone] };
    }
    case 'milestone.started':
      return updateMilestone(state, event.data.key, () => ({ startedOn: event.data.startedOn }));
    case 'milestone.completed':
      return updateMilestone(state, event.data.key, () => ({
        completedOn: event.data.completedOn,
        note: event.data.note,
      }));
    case 'milestone.rescheduled':
      return updateMilestone(state, event.data.key, (m) => ({
        dueDate: event.data.dueDate,
        rescheduleCount: m.rescheduleCount + 1,
      }));
    case 'milestone.date_corrected':
      return updateMilestone(state, event.data.key, () => correctedDate(event.data));
    case 'project.suspended':
      return { ...state, suspended: true, suspensionReason: event.data.reason };
    case 'project.resumed':
      return { ...state, suspended: false, suspensionReason: null };
    case 'project.cancelled':
      return { ...state, cancelled: true, cancellationReason: event.data.reason };
    default:
      return unknownEvent(event);
  }
}

export function foldProject(events: readonly ProjectEvent[]): ProjectState | null {
  return events.reduce<ProjectState | null>(evolve, null);
}

function registered(data: ProjectRegisteredData): ProjectState {
  return {
    id: data.projectId,
    name: data.name,
    county: data.county,
    category: data.category,
    subType: data.subType,
    action: data.action,
    plan: data.plan,
    sourceRef: data.sourceRef,
    plannedStart: data.plannedStart,
    plannedCompletion: data.plannedCompletion,
    managerEmail: data.managerEmail,
    suspended: false,
    suspensionReason: null,
    cancelled: false,
    cancellationReason: null,
    milestones: [],
  };
}

function correctedDate(data: MilestoneDateCorrectedData): Partial<MilestoneState> {
  return data.field === 'startedOn' ? { startedOn: data.date } : { completedOn: data.date };
}

function updateMilestone(
  state: ProjectState,
  key: string,
  change: (milestone: MilestoneState) => Partial<MilestoneState>,
): ProjectState {
  if (!state.milestones.some((m) => m.key === key)) throw new Error(`milestone ${key} is not planned`);
  return {
    ...state,
    milestones: state.milestones.map((m) => (m.key === key ? { ...m, ...change(m) } : m)),
  };
}

function unknownEvent(event: never): never {
  throw new Error(`unknown project event type ${(event as { type?: unknown }).type as string}`);
}
