/** Shapes of the API's answers (see libs/projections/src/queries and apps/api/src). */

export type Rag = 'red' | 'amber' | 'green';
export type ProjectStatus = 'not_started' | 'in_progress' | 'completed' | 'suspended' | 'cancelled';
export type Role = 'admin' | 'leader' | 'manager' | 'viewer';

export interface User {
  username: string;
  displayName: string;
  role: Role;
  county: string | null;
}

/** A user as the administrator's list shows them (GET /api/users). */
export interface ManagedUser extends User {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CompletionFigures {
  projects: number;
  byStatus: Record<ProjectStatus, number>;
  completionRate: number;
  milestones: number;
  milestonesDone: number;
  milestoneCompletionRate: number;
  milestonesDue: number;
  scheduleRate: number;
  aheadOfSchedulePoints: number;
  overdueMilestones: number;
  overdueProjects: number;
}

export interface OverdueProject {
  id: string;
  name: string;
  county: string;
  category: string;
  nextMilestone: string | null;
  nextDueDate: string | null;
  daysLate: number;
  rag: Rag;
}

export interface PortfolioOverview extends CompletionFigures {
  day: string;
  asOf?: string;
  counties: (CompletionFigures & { slug: string; name: string; code: string })[];
  byCategory: (CompletionFigures & { category: string })[];
  rag: { red: number; amber: number; green: number } | null;
  syntheticProjects: number | null;
  mostOverdue: OverdueProject[] | null;
}

export interface TrendPoint {
  date: string;
  completedProjects: number;
  completionRate: number;
  milestonesDone: number;
  milestonesDue: number;
  milestoneCompletionRate: number;
  scheduleRate: number;
  overdueMilestones: number;
  overdueProjects: number;
}

export interface Trend {
  from: string;
  to: string;
  interval: 'month' | 'week';
  points: TrendPoint[];
}

export interface CountyView extends CompletionFigures {
  day: string;
  asOf?: string;
  slug: string;
  name: string;
  code: string;
  lastActivityAt: string | null;
  byCategory: (CompletionFigures & { category: string })[];
}

export interface ProjectListItem {
  id: string;
  name: string;
  county: string;
  category: string;
  subType: string;
  status: ProjectStatus;
  synthetic: boolean;
  plannedCompletion: string | null;
  milestonesDone: number;
  milestonesTotal: number;
  overdueCount: number;
  daysLate: number;
  nextDueDate: string | null;
  nextMilestone: string | null;
  rag: Rag;
  version: number;
}

export interface Page<T> {
  total: number;
  page: number;
  limit: number;
  items: T[];
}

export interface Milestone {
  key: string;
  title: string;
  dueDate: string;
  originalDueDate: string;
  startedOn: string | null;
  completedOn: string | null;
  note: string | null;
  rescheduleCount: number;
  overdue: boolean;
  daysLate: number;
}

export interface Project {
  id: string;
  version: number;
  name: string;
  county: { slug: string; name: string; code: string };
  category: string;
  subType: string;
  action: string;
  plan: string;
  synthetic: boolean;
  sourceRef: string | null;
  plannedStart: string | null;
  plannedCompletion: string | null;
  managerEmail: string;
  status: ProjectStatus;
  suspensionReason: string | null;
  cancellationReason: string | null;
  milestones: Milestone[];
  /** By the read model's rules on the view's day; null until the read model has the project. */
  rag: Rag | null;
}

export interface ProjectEvent {
  position: number;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: { actor?: string | null; source?: string; correlationId?: string | null; [key: string]: unknown };
  recordedAt: string;
}

export interface ProjectEvents {
  id: string;
  version: number;
  events: ProjectEvent[];
}

export interface CommandResult {
  id: string;
  version: number;
  position: number;
}

export type AlertLevel = 'L1' | 'L2' | 'L3';
export type DigestStatus = 'pending' | 'sent' | 'failed';

export interface Digest {
  recipient: string;
  level: AlertLevel;
  day: string;
  status: DigestStatus;
  itemCount: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
}
