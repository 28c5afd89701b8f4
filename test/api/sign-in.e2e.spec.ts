import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { randomBytes } from 'node:crypto';
import { http, startApi, TEST_AUTH_SETTINGS, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { createTestDatabase, testRedisUrl } from '../support/test-database.js';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

/** The status of a GET, with the body read to the end: an unread body keeps its connection busy and the app from closing. */
async function statusOf(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}

describe('sign-in, the session cookie and what it protects', () => {
  let api: ApiUnderTest;
  let origin: string;

  beforeAll(async () => {
    api = await startApi({ environment: { LOGIN_ATTEMPTS_PER_WINDOW: '4', METRICS_TOKEN } });
    origin = new URL(api.baseUrl).origin;
    await api.signIn('leader');
  });
  afterAll(() => api.close());

  const login = (username: string, password: string) => http('POST', `${api.baseUrl}/auth/login`, { username, password }, { authorization: '' });

  it('signs in with the password, returns a token and sets an HttpOnly, SameSite=Strict session cookie that reads work with', async () => {
    const reply = await login('leader', TEST_PASSWORD);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ token: expect.any(String), expiresAt: expect.any(String), user: { username: 'leader', role: 'leader', county: null } });
    const cookie = reply.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^taizhang_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0];
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, { authorization: '', cookie: session })).body).toMatchObject({ username: 'leader', role: 'leader' });
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, { authorization: '', cookie: session })).status).toBe(200);
    expect((await http('POST', `${api.baseUrl}/alerts/scan`, {}, { authorization: '', cookie: session })).status).toBe(403);
    const csrfToken = (reply.body as { csrfToken: string }).csrfToken;
    expect((await http('POST', `${api.baseUrl}/auth/logout`, undefined, { authorization: '', cookie: session })).status).toBe(403); // a cookie write needs its CSRF token
    const out = await http('POST', `${api.baseUrl}/auth/logout`, undefined, { authorization: '', cookie: session, 'x-csrf-token': csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/taizhang_session=;/);
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, { authorization: '', cookie: session })).status).toBe(401);
  });

  it('refuses a wrong password or an unknown user alike, naming no more than that', async () => {
    const wrong = await login('leader', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown.body).toEqual(wrong.body);
    expect((await login('', '')).status).toBe(400);
  });

  it('limits sign-in attempts per user name with 429, and other users are not locked out', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await login('viewer-guess', 'wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const limited = await login('viewer-guess', 'wrong-password');
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect((await login('leader', TEST_PASSWORD)).status).toBe(200);
  });

  it('sends security headers on every response: API, health, errors and the dashboard', async () => {
    for (const [path, token] of [[`${api.baseUrl}/portfolio`, undefined], [`${api.baseUrl}/health`, ''], [`${api.baseUrl}/nothing-here`, undefined], [`${origin}/`, '']] as const) {
      const response = await fetch(path, { headers: token === '' ? {} : { authorization: (await api.signIn('viewer')).authorization } });
      await response.arrayBuffer();
      expect({ path, csp: response.headers.get('content-security-policy') }).toEqual({ path, csp: expect.stringContaining("default-src 'self'") });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('keeps the queue dashboard for administrators and the API docs for signed-in users', async () => {
    const leader = await api.signIn('leader');
    const admin = await api.signIn('admin');
    expect(await statusOf(`${origin}/admin/queues`)).toBe(401);
    const browser = await fetch(`${origin}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    await browser.arrayBuffer();
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
    expect(await statusOf(`${origin}/admin/queues`, { headers: leader })).toBe(403);
    expect(await statusOf(`${origin}/admin/queues`, { headers: admin })).toBe(200);
    expect(await statusOf(`${origin}/admin/queues/api/queues`, { headers: leader })).toBe(403);
    expect(await statusOf(`${api.baseUrl}/docs-json`)).toBe(401);
    expect(await statusOf(`${api.baseUrl}/docs-json`, { headers: leader })).toBe(200);
  });

  it('opens the queue dashboard to an administrator signed in by cookie (as a browser is)', async () => {
    await api.signIn('admin');
    const session = ((await login('admin', TEST_PASSWORD)).headers.get('set-cookie') ?? '').split(';')[0];
    expect(await statusOf(`${origin}/admin/queues`, { headers: { cookie: session } })).toBe(200);
    expect(await statusOf(`${api.baseUrl}/docs-json`, { headers: { cookie: session } })).toBe(200);
  });

  it('answers a read repeated at the same log position only to a signed-in user, with the same headers', async () => {
    const viewer = await api.signIn('viewer');
    const first = await http('GET', `${api.baseUrl}/counties`, undefined, viewer);
    const again = await http('GET', `${api.baseUrl}/counties`, undefined, viewer);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    for (const header of ['x-log-position', 'content-type', 'content-security-policy', 'x-content-type-options']) {
      expect({ header, value: again.headers.get(header) }).toEqual({ header, value: first.headers.get(header) });
    }
    expect(again.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, { authorization: '' })).status).toBe(401);
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, { authorization: `${viewer.authorization}x` })).status).toBe(401);
  });

  it('lets a scraper read /metrics with METRICS_TOKEN, and nobody without a token', async () => {
    expect(await statusOf(`${origin}/metrics`)).toBe(401);
    expect(await statusOf(`${origin}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).toBe(401);
    const scraped = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('taizhang_');
  });

  it('serves the dashboard at / and at page paths such as /projects/<id> that alert e-mails link to, without a token', async () => {
    for (const path of ['/', '/projects/3f1c0000-0000-4000-8000-000000000000', '/counties/dingyuan', '/login']) {
      const response = await fetch(`${origin}${path}`);
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({ path, status: 200, type: expect.stringContaining('text/html') });
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const page = await response.text();
      expect(page).toContain('lang="zh-CN"');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
      const asset = await fetch(`${origin}${script}`);
      await asset.arrayBuffer();
      expect({ script, status: asset.status, cache: asset.headers.get('cache-control') }).toEqual({ script, status: 200, cache: 'public, max-age=31536000, immutable' });
    }
    expect(await statusOf(`${origin}/assets/missing.js`)).toBe(404);
    expect(await statusOf(`${api.baseUrl}/no-such-endpoint`, { headers: await api.signIn('viewer') })).toBe(404);
  });
});

describe('users on a fresh installation', () => {
  it('creates the first administrator from AUTH_BOOTSTRAP_ADMIN, who must change the password first; production refuses to start without one (without a secret: see libs/config)', async () => {
    const db = await createTestDatabase(2);
    const environment = {
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `{${db.name}}`,
      ...TEST_AUTH_SETTINGS,
      AUTH_DATA_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'fatal',
    };
    try {
      const secret = 'a-production-secret-of-at-least-32-characters';
      const withoutAdmin = await createApiApp({ environment: { ...environment, NODE_ENV: 'production', AUTH_TOKEN_SECRET: secret } }, false);
      await expect(withoutAdmin.init()).rejects.toThrow(/AUTH_BOOTSTRAP_ADMIN/);
      await withoutAdmin.close();

      const app = await createApiApp({ environment: { ...environment, NODE_ENV: 'production', AUTH_TOKEN_SECRET: secret, AUTH_BOOTSTRAP_ADMIN: 'chief:first-admin-password-2026' } }, false);
      await app.listen(0, '127.0.0.1');
      try {
        const { port } = app.getHttpServer().address() as { port: number };
        const reply = await http<{ token: string }>('POST', `http://127.0.0.1:${port}/api/auth/login`, { username: 'chief', password: 'first-admin-password-2026' }, { authorization: '' });
        expect(reply).toMatchObject({ status: 200, body: { scope: 'password-change', user: { username: 'chief', role: 'admin', mustChangePassword: true } } });
        const portfolio = await http('GET', `http://127.0.0.1:${port}/api/portfolio`, undefined, { authorization: `Bearer ${reply.body.token}` });
        expect(portfolio).toMatchObject({ status: 403, body: { code: 'PASSWORD_CHANGE_REQUIRED' } });
        expect(reply.headers.get('strict-transport-security')).toBeNull();
      } finally {
        await app.close();
      }
    } finally {
      await db.drop();
    }
  });
});
