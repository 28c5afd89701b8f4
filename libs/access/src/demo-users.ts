import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { CountySlug } from '#libs/portfolio';
import { hashPassword } from './passwords.js';
import type { Role } from './roles.js';
import { upsertUser } from './users.js';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  county: CountySlug | null;
  password: string;
}

/** One user per role for the embedded default; the manager records progress in 定远县. */
export function demoUsers(passwordOf: (username: string) => string = newPassword): DemoUser[] {
  const users: Omit<DemoUser, 'password'>[] = [
    { username: 'admin', displayName: '演示管理员', role: 'admin', county: null },
    { username: 'leader', displayName: '演示市领导', role: 'leader', county: null },
    { username: 'manager', displayName: '演示项目负责人（定远县）', role: 'manager', county: 'dingyuan' },
    { username: 'viewer', displayName: '演示查阅人员', role: 'viewer', county: null },
  ];
  return users.map((user) => ({ ...user, password: passwordOf(user.username) }));
}

/** Writes the demo users with these passwords (creating them, or resetting them to these). */
export async function seedDemoUsers(db: Pool, users: readonly DemoUser[], passwordCost: number): Promise<void> {
  for (const user of users) {
    await upsertUser(db, { ...user, passwordHash: await hashPassword(user.password, passwordCost) });
  }
}

function newPassword(): string {
  return randomBytes(9).toString('base64url');
}
