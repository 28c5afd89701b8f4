import type { CountySlug } from '#libs/portfolio';

/**
 * One role per account. The three administrator roles are kept apart (三员分立): the system
 * administrator runs the ledger (business users, recipients, scans, projects); the security
 * administrator keeps sign-in safe (locks, sessions, the administrator accounts, second factors);
 * the auditor reads the audit log and nothing else. Leaders and viewers read; a manager records
 * progress in one county.
 */
export const ROLES = ['admin', 'security_admin', 'auditor', 'leader', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ADMINISTRATOR_ROLES = ['admin', 'security_admin', 'auditor'] as const satisfies readonly Role[];
export type AdministratorRole = (typeof ADMINISTRATOR_ROLES)[number];

/** The roles that read the portfolio (projects, counties, alerts). */
export const READER_ROLES = ['admin', 'leader', 'manager', 'viewer'] as const satisfies readonly Role[];

/** The accounts the system administrator manages; the security administrator manages the administrator accounts. */
export const BUSINESS_ROLES = ['leader', 'manager', 'viewer'] as const satisfies readonly Role[];

export const ROLE_TITLES: Record<Role, string> = {
  admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '审计管理员',
  leader: '领导',
  manager: '项目负责人',
  viewer: '查阅人员',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAdministratorRole(role: Role): role is AdministratorRole {
  return (ADMINISTRATOR_ROLES as readonly Role[]).includes(role);
}

export function isReaderRole(role: Role): boolean {
  return (READER_ROLES as readonly Role[]).includes(role);
}

/** Who is asking, as the sign-in token carries it. */
export interface SignedInUser {
  username: string;
  displayName: string;
  role: Role;
  /** A manager's county; null for every other role. */
  county: CountySlug | null;
  /** Their own e-mail address, shown to them unmasked. */
  email?: string | null;
}

/** The roles AUTH_TOTP_REQUIRED_ROLES names (`none`, or a comma-separated list). */
export function rolesRequiringTotp(setting: string): Role[] {
  return setting.split(',').filter(isRole);
}
