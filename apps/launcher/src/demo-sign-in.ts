import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { demoUsers, ROLE_TITLES, seedDemoUsers, type DemoUser } from '#libs/access';
import { countyBySlug } from '#libs/portfolio';

/**
 * The embedded default's sign-in: a token secret and one demo user per role, their passwords
 * made once and kept in the state folder (never in the repository) so every start prints the same.
 */
export async function prepareDemoSignIn(stateDir: string, databaseUrl: string): Promise<{ secret: string; users: DemoUser[] }> {
  await mkdir(stateDir, { recursive: true });
  const secret = await keptSecret(join(stateDir, 'auth-token-secret'), () => randomBytes(32).toString('base64url'));
  const passwords = JSON.parse(await keptSecret(join(stateDir, 'demo-users.json'), () => JSON.stringify(passwordsOf(demoUsers())))) as Record<string, string>;
  const users = demoUsers((username) => passwords[username] ?? randomBytes(9).toString('base64url'));
  await writeFile(join(stateDir, 'demo-users.json'), JSON.stringify(passwordsOf(users)), { mode: 0o600 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await seedDemoUsers(pool, users, 10);
  } finally {
    await pool.end();
  }
  return { secret, users };
}

export function describeDemoUsers(users: readonly DemoUser[]): string[] {
  return users.map((user) => `  ${user.username.padEnd(8)} ${user.password}   ${ROLE_TITLES[user.role]}${user.county ? `（${countyBySlug(user.county).name}）` : ''}`);
}

function passwordsOf(users: readonly DemoUser[]): Record<string, string> {
  return Object.fromEntries(users.map((user) => [user.username, user.password]));
}

async function keptSecret(path: string, make: () => string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const value = make();
    await writeFile(path, value, { mode: 0o600 });
    await chmod(path, 0o600);
    return value;
  }
}
