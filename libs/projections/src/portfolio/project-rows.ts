import { isSyntheticPlan, projectStatus, type Category, type CountySlug, type ProjectAction, type ProjectState } from '#libs/portfolio';

/** A row of project_summaries (dates as YYYY-MM-DD text). */
export interface ProjectSummaryRow {
  project_id: string;
  name: string;
  county: string;
  category: string;
  sub_type: string;
  action: string;
  plan: string;
  synthetic: boolean;
  source_ref: string | null;
  planned_start: string | null;
  planned_completion: string | null;
  manager_email: string;
  status: string;
  suspension_reason: string | null;
  cancellation_reason: string | null;
  milestones_total: number;
  milestones_done: number;
  version: number;
  last_position: number;
  last_recorded_at: string;
  /** Due dates of the milestones not completed, earliest first: what overdue and days late are computed from. */
  open_due_dates: string[];
  next_due_date: string | null;
  next_milestone: string | null;
  /** The earliest due date of a milestone neither started nor completed (amber when it comes close). */
  unstarted_due_date: string | null;
}

/** A row of project_milestones. */
export interface ProjectMilestoneRow {
  project_id: string;
  key: string;
  ordinal: number;
  title: string;
  county: string;
  due_date: string;
  original_due_date: string;
  started_on: string | null;
  completed_on: string | null;
  note: string | null;
  reschedule_count: number;
  project_active: boolean;
}

export interface StreamPosition {
  version: number;
  position: number;
  recordedAt: Date;
}

export function summaryRow(state: ProjectState, at: StreamPosition): ProjectSummaryRow {
  const open = state.milestones.filter((m) => m.completedOn === null).sort((a, b) => compareDates(a.dueDate, b.dueDate));
  const unstarted = open.filter((m) => m.startedOn === null);
  return {
    project_id: state.id,
    name: state.name,
    county: state.county,
    category: state.category,
    sub_type: state.subType,
    action: state.action,
    plan: state.plan,
    synthetic: isSyntheticPlan(state.plan),
    source_ref: state.sourceRef,
    planned_start: state.plannedStart,
    planned_completion: state.plannedCompletion,
    manager_email: state.managerEmail,
    status: projectStatus(state),
    suspension_reason: state.suspensionReason,
    cancellation_reason: state.cancellationReason,
    milestones_total: state.milestones.length,
    milestones_done: state.milestones.filter((m) => m.completedOn !== null).length,
    version: at.version,
    last_position: at.position,
    last_recorded_at: at.recordedAt.toISOString(),
    open_due_dates: open.map((m) => m.dueDate),
    next_due_date: open[0]?.dueDate ?? null,
    next_milestone: open[0]?.title ?? null,
    unstarted_due_date: unstarted[0]?.dueDate ?? null,
  };
}

const compareDates = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function milestoneRows(state: ProjectState): ProjectMilestoneRow[] {
  const active = !state.suspended && !state.cancelled;
  return state.milestones.map((m, ordinal) => ({
    project_id: state.id,
    key: m.key,
    ordinal,
    title: m.title,
    county: state.county,
    due_date: m.dueDate,
    original_due_date: m.originalDueDate,
    started_on: m.startedOn,
    completed_on: m.completedOn,
    note: m.note,
    reschedule_count: m.rescheduleCount,
    project_active: active,
  }));
}

/** The state a project's rows stand for: the fold of its stream up to `version`. */
export function stateFromRows(summary: ProjectSummaryRow, milestones: readonly ProjectMilestoneRow[]): ProjectState {
  return {
    id: summary.project_id,
    name: summary.name,
    county: summary.county as CountySlug,
    category: summary.category as Category,
    subType: summary.sub_type,
    action: summary.action as ProjectAction,
    plan: summary.plan,
    sourceRef: summary.source_ref,
    plannedStart: summary.planned_start,
    plannedCompletion: summary.planned_completion,
    managerEmail: summary.manager_email,
    suspended: summary.status === 'suspended',
    suspensionReason: summary.suspension_reason,
    cancelled: summary.status === 'cancelled',
    cancellationReason: summary.cancellation_reason,
    milestones: [...milestones]
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((m) => ({
        key: m.key,
        title: m.title,
        dueDate: m.due_date,
        originalDueDate: m.original_due_date,
        startedOn: m.started_on,
        completedOn: m.completed_on,
        note: m.note,
        rescheduleCount: m.reschedule_count,
      })),
  };
}
