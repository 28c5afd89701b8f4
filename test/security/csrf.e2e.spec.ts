import { countEvents, http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { cookieSignIn, countUsers, type CookieSession } from './security-support.js';

const FOREIGN = 'https://evil.example';
const NEW_ADMIN = { username: 'intruder', displayName: '入侵者', role: 'viewer', password: 'Copper-Lantern-River-42' };

/** 访问控制 (CSRF): a page on another site that rides on the dashboard's cookie changes nothing. */
describe('writes with the session cookie must come from the dashboard', () => {
  let api: ApiUnderTest;
  let admin: CookieSession;
  let origin: string;
  let projectId: string;

  beforeAll(async () => {
    api = await startApi();
    origin = new URL(api.baseUrl).origin;
    await api.signIn('admin');
    admin = await cookieSignIn(api.baseUrl, 'admin', TEST_PASSWORD);
    const registered = await http<{ id: string }>('POST', `${api.baseUrl}/projects`, {
      name: '天长市 跨站测试中学', county: 'tianchang', category: 'education', subType: '中学', action: '新建', plan: '测试', managerEmail: 'pm@tianchang.example.gov.cn',
    });
    projectId = registered.body.id;
  });
  afterAll(() => api.close());

  const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { cookie: admin.cookie, ...headers }, body });

  it.each([
    ['a form (application/x-www-form-urlencoded)', 'application/x-www-form-urlencoded', new URLSearchParams(NEW_ADMIN).toString()],
    ['a multipart form', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nintruder\r\n--x--\r\n`],
    ['text/plain (what a form may send as JSON-looking text)', 'text/plain', JSON.stringify(NEW_ADMIN)],
  ])('refuses %s from another site with 415 and creates no user', async (_, type, body) => {
    const users = await countUsers(api.db);
    for (const headers of [{ origin: FOREIGN }, { origin }]) {
      const response = await post('/users', body, { 'content-type': type, ...headers });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' });
    }
    expect(await countUsers(api.db)).toBe(users);
  });

  it('refuses a form-encoded suspend: nothing is appended', async () => {
    const events = await countEvents(api.db);
    const response = await post(`/projects/${projectId}/suspend`, 'reason=hacked', { 'content-type': 'application/x-www-form-urlencoded', origin: FOREIGN });
    expect(response.status).toBe(415);
    expect(await countEvents(api.db)).toBe(events);
  });

  it.each([
    ['from another Origin, even with the token', { origin: FOREIGN, 'x-csrf-token': 'from-the-page' }],
    ['marked cross-site by the browser', { 'sec-fetch-site': 'cross-site' }],
    ['marked same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['without the CSRF token', {}],
    ['with a wrong CSRF token', { 'x-csrf-token': 'not-the-token' }],
  ])('refuses JSON with the cookie %s: 403 CSRF_REFUSED, no user created', async (_, headers) => {
    const users = await countUsers(api.db);
    const token = 'x-csrf-token' in headers && headers['x-csrf-token'] === 'from-the-page' ? admin.csrfToken : undefined;
    const response = await post('/users', JSON.stringify(NEW_ADMIN), { 'content-type': 'application/json', ...headers, ...(token ? { 'x-csrf-token': token } : {}) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'CSRF_REFUSED' });
    expect(await countUsers(api.db)).toBe(users);
  });

  it("accepts JSON with the cookie from this site with the session's token", async () => {
    const response = await post('/users', JSON.stringify(NEW_ADMIN), { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin', 'x-csrf-token': admin.csrfToken });
    expect(response.status).toBe(201);
  });

  it("another session's token does not do", async () => {
    const other = await cookieSignIn(api.baseUrl, 'admin', TEST_PASSWORD);
    const response = await post('/users', JSON.stringify({ ...NEW_ADMIN, username: 'intruder-2' }), { 'content-type': 'application/json', 'x-csrf-token': other.csrfToken });
    expect(response.status).toBe(403);
  });

  it('leaves bearer-token clients as they were', async () => {
    const reply = await http('POST', `${api.baseUrl}/users`, { ...NEW_ADMIN, username: 'scripted' }, { origin: FOREIGN });
    expect(reply.status).toBe(201);
  });

  it('refuses signing in from a page on another site (login CSRF)', async () => {
    const reply = await http('POST', `${api.baseUrl}/auth/login`, { username: 'admin', password: TEST_PASSWORD }, { authorization: '', origin: FOREIGN });
    expect(reply).toMatchObject({ status: 403, body: { code: 'CSRF_REFUSED' } });
  });

  it('reads need no token: the cookie alone reads', async () => {
    expect((await fetch(`${api.baseUrl}/portfolio`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('names the cookie __Host- and makes it Secure when the dashboard is served over https', async () => {
    expect(admin.setCookie).toMatch(/^taizhang_session=/);
    const https = await startApi({ environment: { PUBLIC_BASE_URL: 'https://taizhang.chuzhou.gov.cn' } });
    try {
      const session = await cookieSignIn(https.baseUrl, 'admin', TEST_PASSWORD);
      expect(session.setCookie).toMatch(/^__Host-taizhang_session=[^;]+;/);
      expect(session.setCookie).toMatch(/;\s*Secure/i);
      expect(session.setCookie).toMatch(/;\s*Path=\//i);
      expect(session.setCookie).not.toMatch(/Domain=/i);
      expect(session.setCookie).toMatch(/HttpOnly/i);
      expect(session.setCookie).toMatch(/SameSite=Strict/i);
      expect((await fetch(`${https.baseUrl}/portfolio`, { headers: { cookie: session.cookie } })).status).toBe(200);
    } finally {
      await https.close();
    }
  });
});
