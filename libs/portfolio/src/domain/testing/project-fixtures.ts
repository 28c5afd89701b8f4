import type { CalendarDate } from '../calendar-date.js';
import { decideProject } from '../decide-project.js';
import { DomainError } from '../domain-error.js';
import type { ProjectCommand, RegisterProject } from '../project-commands.js';
import type { ProjectEvent, ProjectRegisteredData } from '../project-events.js';
import { foldProject } from '../project-state.js';

/** Test data for the project aggregate: "given these events, when this command". No real clock. */
export const TODAY: CalendarDate = '2025-06-15';
export const PROJECT_ID = 'langya-0123456789';

export function registered(overrides: Partial<ProjectRegisteredData> = {}): ProjectEvent {
  return {
    type: 'project.registered',
    data: {
      projectId: PROJECT_ID,
      name: '滁州市第二实验小学新校区',
      county: 'langya',
      category: 'education',
      subType: '小学',
      action: '新建',
      plan: '滁州市"十四五"公共服务规划',
      sourceRef: '专栏4: 新建滁州市第二实验小学新校区',
      plannedStart: '2024-03-01',
      plannedCompletion: '2025-12-31',
      managerEmail: 'manager@example.org',
      ...overrides,
    },
  };
}

export const planned = (key: string, dueDate: CalendarDate, title = key): ProjectEvent => ({
  type: 'milestone.planned',
  data: { key, title, dueDate },
});
export const started = (key: string, startedOn: CalendarDate): ProjectEvent => ({
  type: 'milestone.started',
  data: { key, startedOn },
});
export const completed = (key: string, completedOn: CalendarDate, note: string | null = null): ProjectEvent => ({
  type: 'milestone.completed',
  data: { key, completedOn, note },
});
export const rescheduled = (key: string, previousDueDate: CalendarDate, dueDate: CalendarDate, reason = '征地延误'): ProjectEvent => ({
  type: 'milestone.rescheduled',
  data: { key, previousDueDate, dueDate, reason },
});
export const suspended = (reason = '资金未到位'): ProjectEvent => ({ type: 'project.suspended', data: { reason } });
export const resumed = (reason: string | null = null): ProjectEvent => ({ type: 'project.resumed', data: { reason } });
export const cancelled = (reason = '规划调整'): ProjectEvent => ({ type: 'project.cancelled', data: { reason } });

export function registerCommand(overrides: Partial<RegisterProject> = {}): RegisterProject {
  const { projectId, name, county, category, subType, action, plan, sourceRef, plannedStart, plannedCompletion, managerEmail } =
    registered().data as ProjectRegisteredData;
  return {
    type: 'registerProject',
    projectId,
    name,
    county,
    category,
    subType,
    action,
    plan,
    sourceRef,
    plannedStart,
    plannedCompletion,
    managerEmail,
    ...overrides,
  };
}

/** Given these events, when this command: the events decided. */
export function when(command: ProjectCommand, ...given: ProjectEvent[]): ProjectEvent[] {
  return decideProject(command, foldProject(given), TODAY);
}

/** Given these events, when this command: the DomainError it was refused with (throws if accepted). */
export function refusal(command: ProjectCommand, ...given: ProjectEvent[]): DomainError {
  try {
    const events = when(command, ...given);
    throw new Error(`expected ${command.type} to be refused, but it decided ${JSON.stringify(events)}`);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** Bypasses the command's static type, as untyped HTTP input would. */
export const untyped = <T>(value: unknown): T => value as T;
