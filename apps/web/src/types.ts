/** Shapes of the API's answers (see libs/projections/src/queries and apps/api/src). */
import type { Role } from '../../../libs/access/src/roles';

// The roles as the API defines them (libs/access; a type only, nothing of the API is bundled).
export type { Role };

export type Rag = 'red' | 'amber' | 'green';
export type ProjectStatus = 'not_started' | 'in_progress' | 'completed' | 'suspended' | 'cancelled';

/** What a session may do: everything, or first set a new password, or first enrol a second factor. */
export type SessionScope = 'full' | 'password-change' | 'totp-enrolment';

/** Who is signed in (GET /api/auth/me): their own details in full. */
export interface User {
  username: string;
  displayName: string;
  role: Role;
  county: string | null;
  email: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
  scope: SessionScope;
  csrfToken: string;
  session: { id: string; expiresAt: string; idleMinutes: number };
}

/** The answer of a sign-in, a password change or a confirmed enrolment: a new session. */
export interface SignedIn {
  status: 'signed-in';
  token: string;
  expiresAt: string;
  scope: SessionScope;
  csrfToken: string;
  user: User;
}

export interface TotpRequired {
  status: 'totp-required';
  challenge: string;
  expiresAt: string;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  /** An SVG document, shown as an image (never put into the page as HTML). */
  qrCodeSvg: string;
}

/** A user as GET /api/users lists them (e-mail masked for all but the system administrator). */
export interface ManagedUser {
  username: string;
  displayName: string;
  role: Role;
  county: string | null;
  email: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AccountLock {
  username: string;
  displayName: string;
  role: Role;
  failedSignIns: number;
  firstFailedAt: string | null;
  lockedUntil: string | null;
}

export interface LiveSession {
  id: string;
  username: string;
  role: Role;
  displayName: string;
  scope: SessionScope;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  sourceAddress: string | null;
  userAgent: string | null;
}

export interface SecurityPolicy {
  session: { absoluteMinutes: number; idleMinutes: number };
  lockout: { attempts: number; windowMinutes: number; lockMinutes: number };
  throttle: { perAddressAndName?: number; perAddress?: number; windowSeconds?: number };
  password: { minLength: number; algorithm: string; memoryKib?: number; timeCost?: number };
  secondFactor: { requiredFor: Role[] };
  proxy: { trusted: string | boolean | number };
}

export type AuditResult = 'success' | 'failure' | 'refused';

export interface AuditRecord {
  id: string | number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  sourceAddress: string | null;
  userAgent: string | null;
  action: string;
  object: string | null;
  result: AuditResult;
  correlationId: string | null;
  details: Record<string, unknown> | null;
  hash: string;
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

/** What a reader other than the system administrator gets from GET /api/alerts: no recipients, counts only. */
export interface DigestCount {
  day: string;
  level: AlertLevel;
  status: DigestStatus;
  digests: number;
  milestones: number;
}

export interface DigestCounts {
  total: number;
  page: number;
  limit: number;
  counts: DigestCount[];
}
