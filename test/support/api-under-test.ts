import type { INestApplication } from '@nestjs/common';
import type { Clock } from '#libs/portfolio';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './test-database.js';

export interface ApiUnderTest {
  baseUrl: string;
  queuePrefix: string;
  db: TestDatabase;
  app: INestApplication;
  close(): Promise<void>;
}

/** The real API on a free port, over its own fresh database and the test Redis. */
export async function startApi(options: { clock?: Clock; environment?: Record<string, string> } = {}): Promise<ApiUnderTest> {
  const db = await createTestDatabase(2);
  const queuePrefix = `{${db.name}}`;
  const app = await createApiApp(
    { environment: { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), NODE_ENV: 'test', QUEUE_PREFIX: queuePrefix, ...options.environment }, clock: options.clock },
    false,
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${address.port}/api`,
    queuePrefix,
    db,
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
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
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

export async function countEvents(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
  return rows[0].n;
}
