import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { CountySlug } from '#libs/portfolio';
import { hashPassword, type PasswordHashing } from './passwords.js';
import type { Role } from './roles.js';
import { newTotpSecret } from './second-factor.js';
import type { SecretBox } from './secret-box.js';
import { upsertUser } from './users.js';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  county: CountySlug | null;
  email: string | null;
  password: string;
  /** Development only: the second factor's secret, enrolled already and printed by `npm start`. */
  totpSecret: string | null;
}

export interface DemoCredentials {
  password: string;
  totpSecret?: string | null;
}

/** One user per role for the embedded default; the manager records progress in 定远县. */
export function demoUsers(credentialsOf: (username: string, role: Role) => DemoCredentials = newCredentials): DemoUser[] {
  const users: Omit<DemoUser, 'password' | 'totpSecret'>[] = [
    { username: 'admin', displayName: '演示系统管理员', role: 'admin', county: null, email: 'admin@taizhang.localhost' },
    { username: 'security', displayName: '演示安全管理员', role: 'security_admin', county: null, email: 'security@taizhang.localhost' },
    { username: 'auditor', displayName: '演示审计管理员', role: 'auditor', county: null, email: 'auditor@taizhang.localhost' },
    { username: 'leader', displayName: '演示市领导', role: 'leader', county: null, email: null },
    { username: 'manager', displayName: '演示项目负责人（定远县）', role: 'manager', county: 'dingyuan', email: 'manager@dingyuan.taizhang.localhost' },
    { username: 'viewer', displayName: '演示查阅人员', role: 'viewer', county: null, email: null },
  ];
  return users.map((user) => {
    const credentials = credentialsOf(user.username, user.role);
    return { ...user, password: credentials.password, totpSecret: credentials.totpSecret ?? null };
  });
}

/** Writes the demo users with these passwords and second factors (creating them, or resetting them to these). */
export async function seedDemoUsers(db: Pool, users: readonly DemoUser[], hashing: PasswordHashing, box: SecretBox): Promise<void> {
  for (const user of users) {
    await upsertUser(db, { ...user, passwordHash: await hashPassword(user.password, hashing) });
    await db.query(
      `UPDATE users SET totp_secret = $2, totp_pending_secret = NULL, totp_enabled_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END,
         totp_last_step = NULL WHERE username = $1`,
      [user.username, user.totpSecret === null ? null : box.seal(user.totpSecret)],
    );
  }
}

/** A random password; a second factor for the administrator roles, which must have one by default. */
export function newCredentials(_username: string, role: Role): DemoCredentials {
  const administrator = role === 'admin' || role === 'security_admin' || role === 'auditor';
  return { password: randomBytes(12).toString('base64url'), totpSecret: administrator ? newTotpSecret() : null };
}
