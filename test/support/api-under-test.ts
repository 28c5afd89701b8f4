import type { INestApplication } from '@nestjs/common';
import { hashPassword, newTotpSecret, rolesRequiringTotp, SecretBox, totpCode, upsertUser, type Role } from '#libs/access';
import { Environment } from '#libs/config';
import type { CountySlug, Clock } from '#libs/portfolio';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './test-database.js';

export interface ApiUnderTest {
  baseUrl: string;
  queuePrefix: string;
  db: TestDatabase;
  app: INestApplication;
  /**
   * Signs in (through POST /api/auth/login, and /login/totp with a code where the role requires a
   * second factor) as a user of that role, created on first use; returns the headers to send.
   */
  signIn(role: Role, county?: CountySlug): Promise<Record<string, string>>;
  /** Writes a user straight into the users table (password TEST_PASSWORD unless given; a second factor when totpSecret is given). */
  seedUser(user: SeededUser): Promise<void>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-123';

/** argon2id settings cheap enough for tests (the API's defaults are 19 MiB, 2 passes). */
export const TEST_PASSWORD_HASHING = { memoryKib: 1024, timeCost: 1 };

/**
 * What every API under test runs with unless a test says otherwise: cheap password hashing, and no
 * second factor required, so that tests of other things sign in with a password alone. The
 * security suite (test/security) and the browser tests keep the default second-factor policy.
 */
export const TEST_AUTH_SETTINGS: Record<string, string> = {
  AUTH_PASSWORD_MEMORY_KIB: String(TEST_PASSWORD_HASHING.memoryKib),
  AUTH_PASSWORD_TIME_COST: String(TEST_PASSWORD_HASHING.timeCost),
  AUTH_TOTP_REQUIRED_ROLES: 'none',
};

export interface SeededUser {
  username: string;
  role: Role;
  county?: CountySlug | null;
  displayName?: string;
  email?: string | null;
  password?: string;
  totpSecret?: string | null;
  mustChangePassword?: boolean;
}

/** Requests to an API under test carry its administrator's token unless they send their own Authorization header. */
const defaultTokens = new Map<string, string>();

/** The real API on a free port, over its own fresh database and the test Redis. */
export async function startApi(options: { clock?: Clock; authClock?: Clock; environment?: Record<string, string> } = {}): Promise<ApiUnderTest> {
  const db = await createTestDatabase(2);
  const queuePrefix = `{${db.name}}`;
  const app = await createApiApp(
    {
      environment: { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), NODE_ENV: 'test', QUEUE_PREFIX: queuePrefix, ...TEST_AUTH_SETTINGS, ...options.environment },
      clock: options.clock,
      authClock: options.authClock,
    },
    false,
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}/api`;
  const box = app.get(SecretBox);
  const totpRequired = rolesRequiringTotp(app.get(Environment).AUTH_TOTP_REQUIRED_ROLES);
  const seedUser = async (user: SeededUser) => {
    await upsertUser(db.pool, {
      username: user.username,
      displayName: user.displayName ?? `测试${user.role}`,
      role: user.role,
      county: user.county ?? null,
      email: user.email ?? null,
      passwordHash: await hashPassword(user.password ?? TEST_PASSWORD, TEST_PASSWORD_HASHING),
      mustChangePassword: user.mustChangePassword ?? false,
    });
    await db.pool.query('UPDATE users SET totp_secret = $2, totp_enabled_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, totp_last_step = NULL WHERE username = $1', [
      user.username,
      user.totpSecret ? box.seal(user.totpSecret) : null,
    ]);
  };
  const signedIn = new Map<string, Record<string, string>>();
  const signIn = async (role: Role, county?: CountySlug) => {
    const username = county ? `${role}-${county}` : role;
    const known = signedIn.get(username);
    if (known) return known;
    const totpSecret = totpRequired.includes(role) ? newTotpSecret() : null;
    await seedUser({ username, role, county, totpSecret });
    let reply = await http<{ token: string; challenge?: string }>('POST', `${baseUrl}/auth/login`, { username, password: TEST_PASSWORD }, { authorization: '' });
    if (reply.status === 200 && reply.body.challenge && totpSecret) {
      const code = await totpCode(totpSecret, (options.authClock ?? { now: () => new Date() }).now());
      reply = await http<{ token: string }>('POST', `${baseUrl}/auth/login/totp`, { challenge: reply.body.challenge, code }, { authorization: '' });
    }
    if (reply.status !== 200 || !reply.body.token) throw new Error(`could not sign in as ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
    const headers = { authorization: `Bearer ${reply.body.token}` };
    signedIn.set(username, headers);
    return headers;
  };
  const admin = await signIn('admin');
  defaultTokens.set(new URL(baseUrl).origin, admin.authorization);
  return {
    baseUrl,
    queuePrefix,
    db,
    app,
    signIn,
    seedUser,
    close: async () => {
      defaultTokens.delete(new URL(baseUrl).origin);
      await app.close();
      await db.drop();
    },
  };
}

/** The headers that sign a request to this URL in as its API's administrator (for raw fetch). */
export function adminHeaders(url: string): Record<string, string> {
  const token = defaultTokens.get(new URL(url).origin);
  return token ? { authorization: token } : {};
}

export interface HttpReply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = Record<string, unknown>>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpReply<T>> {
  const signedIn = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization') ? {} : adminHeaders(url);
  const type = body === undefined ? {} : { 'content-type': 'application/json' };
  const sent = Object.fromEntries(Object.entries({ ...type, ...signedIn, ...headers }).filter(([, value]) => value !== ''));
  const response = await fetch(url, {
    method,
    headers: sent,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

export async function countEvents(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
  return rows[0].n;
}
