import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { demoUsers, newCredentials, ROLE_TITLES, SecretBox, seedDemoUsers, type DemoCredentials, type DemoUser } from '#libs/access';
import { countyBySlug } from '#libs/portfolio';

/** The argon2id settings of the API's defaults (AUTH_PASSWORD_MEMORY_KIB, AUTH_PASSWORD_TIME_COST). */
const DEMO_HASHING = { memoryKib: 19_456, timeCost: 2 };

/**
 * The embedded default's sign-in: a token secret, a data key for second-factor secrets, and one
 * demo user per role, their passwords (and, for the administrator roles, second-factor secrets)
 * made once and kept in the state folder (never in the repository) so every start prints the same.
 * Development only: `npm start` makes none of this when NODE_ENV=production.
 */
export async function prepareDemoSignIn(stateDir: string, databaseUrl: string): Promise<{ secret: string; dataKey: string; users: DemoUser[] }> {
  await mkdir(stateDir, { recursive: true });
  const secret = await keptSecret(join(stateDir, 'auth-token-secret'), () => randomBytes(32).toString('base64url'));
  const dataKey = process.env.AUTH_DATA_KEY ?? (await keptSecret(join(stateDir, 'auth-data-key'), () => randomBytes(32).toString('base64')));
  const kept = JSON.parse(await keptSecret(join(stateDir, 'demo-users.json'), () => '{}')) as Record<string, string | DemoCredentials>;
  const users = demoUsers((username, role) => {
    const known = kept[username];
    // Kept by an earlier version as the password alone; the administrator roles now also get a second factor.
    if (typeof known === 'string') return { password: known, totpSecret: newCredentials(username, role).totpSecret };
    return known ?? newCredentials(username, role);
  });
  await writeFile(join(stateDir, 'demo-users.json'), JSON.stringify(credentialsOf(users)), { mode: 0o600 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await seedDemoUsers(pool, users, DEMO_HASHING, SecretBox.fromSettings(dataKey, ''));
  } finally {
    await pool.end();
  }
  return { secret, dataKey, users };
}

export function describeDemoUsers(users: readonly DemoUser[]): string[] {
  return users.map((user) => {
    const who = `  ${user.username.padEnd(9)} ${user.password}   ${ROLE_TITLES[user.role]}${user.county ? `（${countyBySlug(user.county).name}）` : ''}`;
    return user.totpSecret ? `${who}   动态口令密钥 (TOTP secret, development only): ${user.totpSecret}` : who;
  });
}

function credentialsOf(users: readonly DemoUser[]): Record<string, DemoCredentials> {
  return Object.fromEntries(users.map((user) => [user.username, { password: user.password, totpSecret: user.totpSecret }]));
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
