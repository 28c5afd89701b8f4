import type { INestApplication } from '@nestjs/common';
import { hashPassword, upsertUser, type Role } from '#libs/access';
import type { CountySlug, Clock } from '#libs/portfolio';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './test-database.js';

export interface ApiUnderTest {
  baseUrl: string;
  queuePrefix: string;
  db: TestDatabase;
  app: INestApplication;
  /** Signs in (through POST /api/auth/login) as a user of that role, created on first use; returns the headers to send. */
  signIn(role: Role, county?: CountySlug): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-123';

/** Requests to an API under test carry its administrator's token unless they send their own Authorization header. */
const defaultTokens = new Map<string, string>();

/** The real API on a free port, over its own fresh database and the test Redis. */
export async function startApi(options: { clock?: Clock; environment?: Record<string, string> } = {}): Promise<ApiUnderTest> {
  const db = await createTestDatabase(2);
  const queuePrefix = `{${db.name}}`;
  const app = await createApiApp(
    {
      environment: { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), NODE_ENV: 'test', QUEUE_PREFIX: queuePrefix, AUTH_PASSWORD_COST: '4', ...options.environment },
      clock: options.clock,
    },
    false,
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}/api`;
  const signedIn = new Map<string, Record<string, string>>();
  const signIn = async (role: Role, county?: CountySlug) => {
    const username = county ? `${role}-${county}` : role;
    const known = signedIn.get(username);
    if (known) return known;
    await upsertUser(db.pool, { username, displayName: `测试${role}`, role, county: county ?? null, passwordHash: await hashPassword(TEST_PASSWORD, 4) });
    const reply = await http<{ token: string }>('POST', `${baseUrl}/auth/login`, { username, password: TEST_PASSWORD }, { authorization: '' });
    if (reply.status !== 200) throw new Error(`could not sign in as ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
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
  const sent = Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...signedIn, ...headers }).filter(([, value]) => value !== ''));
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
