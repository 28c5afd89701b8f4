import {
  countyBySlug,
  daysBetween,
  isMilestoneOverdue,
  isSyntheticPlan,
  projectStatus,
  type CalendarDate,
  type ProjectState,
} from '../domain/index.js';

/** A project as the API shows it: its facts, status and milestones, judged against `today`. */
export function projectView(state: ProjectState, version: number, today: CalendarDate) {
  const county = countyBySlug(state.county);
  return {
    id: state.id,
    version,
    name: state.name,
    county: { slug: county.slug, name: county.name, code: county.code },
    category: state.category,
    subType: state.subType,
    action: state.action,
    plan: state.plan,
    synthetic: isSyntheticPlan(state.plan),
    sourceRef: state.sourceRef,
    plannedStart: state.plannedStart,
    plannedCompletion: state.plannedCompletion,
    managerEmail: state.managerEmail,
    status: projectStatus(state),
    suspensionReason: state.suspended ? state.suspensionReason : null,
    cancellationReason: state.cancelled ? state.cancellationReason : null,
    milestones: state.milestones.map((m) => ({
      ...m,
      overdue: isMilestoneOverdue(m, today),
      daysLate: isMilestoneOverdue(m, today) ? daysBetween(m.dueDate, today) : 0,
    })),
  };
}

export type ProjectView = ReturnType<typeof projectView>;
