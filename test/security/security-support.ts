import { request as httpRequest } from 'node:http';
import type { TestDatabase } from '../support/test-database.js';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as written: fetch would normalise it (dot segments, some escapes) first. */
export function rawRequest(origin: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

export interface CookieSession {
  /** `name=value`, as a browser sends it back. */
  cookie: string;
  setCookie: string;
  csrfToken: string;
  token: string;
}

/** Signs in with the password alone, as the dashboard does, and keeps what a browser keeps: the cookie (and the page keeps the CSRF token). */
export async function cookieSignIn(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<CookieSession> {
  const response = await fetch(`${baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  const body = (await response.json()) as { token: string; csrfToken: string };
  if (response.status !== 200 || !body.token) throw new Error(`could not sign in as ${username}: ${response.status} ${JSON.stringify(body)}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0], setCookie, csrfToken: body.csrfToken, token: body.token };
}

export async function auditRows(db: TestDatabase, action: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.pool.query(
    `SELECT id::int AS id, at, actor, actor_role AS "actorRole", source_address AS "sourceAddress", user_agent AS "userAgent", action, object, result,
            correlation_id AS "correlationId", details
     FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );
  return rows;
}

export async function countUsers(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM users');
  return rows[0].n;
}

/** Waits for what an audit row written after the response (a refusal) needs: a moment. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
