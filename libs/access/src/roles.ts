import type { CountySlug } from '#libs/portfolio';

/** admin: everything; leader: reads everything, writes nothing; manager: records progress in one county; viewer: reads. */
export const ROLES = ['admin', 'leader', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  admin: '系统管理员',
  leader: '领导',
  manager: '项目负责人',
  viewer: '查阅人员',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is asking, as the sign-in token carries it. */
export interface SignedInUser {
  username: string;
  displayName: string;
  role: Role;
  /** A manager's county; null for every other role. */
  county: CountySlug | null;
}
