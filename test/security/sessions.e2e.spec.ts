import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/api/src/auth/session-tokens.js';
import { http, startApi, TEST_AUTH_SETTINGS, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { waitFor } from '#libs/local-services';
import { testRedisUrl } from '../support/test-database.js';
import { auditRows, cookieSignIn, eventually } from './security-support.js';

const SECRET = 'a-secret-shared-by-both-api-processes-0123456789';

/** A clock the test moves (sessions' idleness), while the ledger's day stays the system's. */
let now = Date.now();
const authClock = { now: () => new Date(now) };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const login = async (api: ApiUnderTest, username: string) =>
  (await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username, password: TEST_PASSWORD }, { authorization: '' })).body.token;

/** 身份鉴别 (sessions): revocable at once everywhere, idle timeout, an absolute lifetime, and tokens checked for what they are. */
describe('sessions', () => {
  let api: ApiUnderTest;
  let second: INestApplication;
  let secondUrl: string;

  beforeAll(async () => {
    api = await startApi({ authClock, environment: { AUTH_TOKEN_SECRET: SECRET, AUTH_IDLE_MINUTES: '30', AUTH_SESSION_CHECK_MS: '60000' } });
    // A second API process over the same database: what one ends, the other refuses.
    second = await createApiApp(
      {
        environment: { DATABASE_URL: api.db.url, REDIS_URL: testRedisUrl(), NODE_ENV: 'test', QUEUE_PREFIX: api.queuePrefix, ...TEST_AUTH_SETTINGS, AUTH_TOKEN_SECRET: SECRET, AUTH_SESSION_CHECK_MS: '60000' },
        authClock,
      },
      false,
    );
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}/api`;
    for (const role of ['viewer', 'leader', 'security_admin'] as const) await api.signIn(role);
  });
  afterAll(async () => {
    await second.close();
    await api.close();
  });

  it('logout ends the session at once in the process that signed out, and in a second API process that had just answered it as soon as PostgreSQL tells it (writes at once)', async () => {
    const token = await login(api, 'viewer');
    expect((await http('GET', `${secondUrl}/counties`, undefined, bearer(token))).status).toBe(200);
    expect((await http('GET', `${secondUrl}/counties`, undefined, bearer(token))).status).toBe(200); // known to the second process now
    expect((await http('POST', `${api.baseUrl}/auth/logout`, {}, bearer(token))).status).toBe(204);
    const loggedOut = process.hrtime.bigint();
    expect((await http('PATCH', `${secondUrl}/auth/me`, { displayName: '已退出' }, bearer(token))).status).toBe(401);
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(token))).status).toBe(401);
    await waitFor(async () => (await http('GET', `${secondUrl}/counties`, undefined, bearer(token))).status === 401, 1000, 'the second process to refuse the read');
    process.stdout.write(`a read refused by the second API process ${(Number(process.hrtime.bigint() - loggedOut) / 1e6).toFixed(1)} ms after logout answered\n`);
    const [row] = (await api.db.pool.query('SELECT ended_reason FROM user_sessions WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 1')).rows;
    expect(row.ended_reason).toBe('signed-out');
  });

  it('logout with the cookie clears it and ends the session (the same cookie sent again is refused)', async () => {
    const session = await cookieSignIn(api.baseUrl, 'leader', TEST_PASSWORD);
    const out = await fetch(`${api.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/taizhang_session=;/);
    expect((await fetch(`${api.baseUrl}/portfolio`, { headers: { cookie: session.cookie } })).status).toBe(401);
    await waitFor(async () => (await fetch(`${secondUrl}/portfolio`, { headers: { cookie: session.cookie } })).status === 401, 1000, 'the second process to refuse the cookie');
  });

  it("the security administrator ends every session of a user at once, in every process, and it is audited", async () => {
    const first = await login(api, 'leader');
    const other = await login(api, 'leader');
    for (const token of [first, other]) expect((await http('GET', `${secondUrl}/portfolio`, undefined, bearer(token))).status).toBe(200);
    const security = await api.signIn('security_admin');
    const sessions = await http<{ id: string }[]>('GET', `${api.baseUrl}/security/sessions?username=leader`, undefined, security);
    expect(sessions.body.length).toBeGreaterThanOrEqual(2);
    const ended = await http<{ ended: number }>('POST', `${api.baseUrl}/security/users/leader/end-sessions`, undefined, security);
    expect(ended.body.ended).toBeGreaterThanOrEqual(2);
    for (const token of [first, other]) {
      expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, bearer(token))).status).toBe(401);
      expect((await http('PATCH', `${secondUrl}/auth/me`, { displayName: '已结束' }, bearer(token))).status).toBe(401);
      await waitFor(async () => (await http('GET', `${secondUrl}/portfolio`, undefined, bearer(token))).status === 401, 1000, 'the second process to refuse the read');
    }
    expect(await auditRows(api.db, 'user.sessions-ended')).toEqual([expect.objectContaining({ actor: 'security_admin', object: 'user:leader', result: 'success' })]);
  });

  it('ends one session by its id, leaving the others', async () => {
    const kept = await login(api, 'leader');
    const ended = await login(api, 'leader');
    const security = await api.signIn('security_admin');
    const sessionId = (JSON.parse(Buffer.from(ended.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
    expect((await http('DELETE', `${api.baseUrl}/security/sessions/${sessionId}`, undefined, security)).status).toBe(204);
    await waitFor(async () => (await http('GET', `${secondUrl}/portfolio`, undefined, bearer(ended))).status === 401, 1000, 'the second process to refuse the read');
    expect((await http('GET', `${secondUrl}/portfolio`, undefined, bearer(kept))).status).toBe(200);
    expect((await http('DELETE', `${api.baseUrl}/security/sessions/${sessionId}`, undefined, security)).status).toBe(404);
  });

  it('a write on a session ended a moment ago elsewhere is refused even before the news arrives', async () => {
    const token = await login(api, 'leader');
    expect((await http('GET', `${secondUrl}/portfolio`, undefined, bearer(token))).status).toBe(200);
    // Ended behind both processes' backs, with the notification suppressed: only the table knows.
    await api.db.pool.query("ALTER TABLE user_sessions DISABLE TRIGGER user_sessions_announce_end");
    try {
      await api.db.pool.query("UPDATE user_sessions SET ended_at = now(), ended_reason = 'signed-out' WHERE username = 'leader' AND ended_at IS NULL");
    } finally {
      await api.db.pool.query("ALTER TABLE user_sessions ENABLE TRIGGER user_sessions_announce_end");
    }
    const write = await http('PATCH', `${secondUrl}/auth/me`, { displayName: '新名字' }, bearer(token));
    expect(write.status).toBe(401);
    expect((await api.db.pool.query("SELECT display_name FROM users WHERE username = 'leader'")).rows[0].display_name).not.toBe('新名字');
  });

  it('ends a session idle for longer than AUTH_IDLE_MINUTES; one in use stays open', async () => {
    const idle = await login(api, 'viewer');
    const busy = await login(api, 'viewer');
    for (let minutes = 0; minutes < 40; minutes += 10) {
      now += 10 * 60_000;
      expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(busy))).status).toBe(200);
    }
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(idle))).status).toBe(401);
    expect((await http('GET', `${secondUrl}/counties`, undefined, bearer(idle))).status).toBe(401);
    const [row] = (await api.db.pool.query("SELECT ended_reason FROM user_sessions WHERE ended_reason = 'idle'")).rows;
    expect(row).toBeDefined();
  });

  it('another process that has not seen a session for a while asks the table when it was last used before ending it', async () => {
    const token = await login(api, 'viewer');
    expect((await http('GET', `${secondUrl}/counties`, undefined, bearer(token))).status).toBe(200);
    for (let step = 0; step < 4; step += 1) {
      now += 10 * 60_000;
      expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(token))).status).toBe(200);
      // The first process writes uses in batches; let it.
      await (api.app.get((await import('../../apps/api/src/auth/session-registry.js')).SessionRegistry) as unknown as { flushTouches(): Promise<void> }).flushTouches();
    }
    expect((await http('GET', `${secondUrl}/counties`, undefined, bearer(token))).status).toBe(200);
  });

  it('ends every session at its absolute lifetime, busy or not', async () => {
    const token = await login(api, 'viewer');
    for (let hours = 0; hours < 8; hours += 1) {
      for (let quarter = 0; quarter < 4; quarter += 1) {
        now += 15 * 60_000;
        if (hours * 60 + (quarter + 1) * 15 < 480) expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(token))).status).toBe(200);
      }
    }
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(token))).status).toBe(401);
  });

  it('refuses a correctly signed token whose lifetime is longer than the configured maximum, or of another type, audience or issuer', async () => {
    const token = await login(api, 'viewer');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown> & { iat: number };
    const { aud: _aud, iss: _iss, ...bare } = claims;
    const jwt = new JwtService({ secret: SECRET });
    const sign = (payload: Record<string, unknown>, audience = TOKEN_AUDIENCE, issuer = TOKEN_ISSUER) => jwt.signAsync(payload, { algorithm: 'HS256', audience, issuer });
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(await sign(bare)))).status).toBe(200);
    for (const forged of [
      await sign({ ...bare, exp: claims.iat + 9 * 3600 }),
      await sign({ ...bare, typ: 'totp-challenge' }),
      await sign(bare, 'another-api'),
      await sign(bare, TOKEN_AUDIENCE, 'someone-else'),
      await jwt.signAsync(bare, { algorithm: 'HS384', audience: TOKEN_AUDIENCE, issuer: TOKEN_ISSUER }),
    ]) {
      expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(forged))).status).toBe(401);
    }
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${token.split('.')[1]}.`;
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, bearer(unsigned))).status).toBe(401);
  });

  it('records sign-outs and sessions ended by idleness in the audit log', async () => {
    await eventually(() => auditRows(api.db, 'auth.sign-out'), (rows) => rows.length >= 2);
    const refusals = await auditRows(api.db, 'access.refused');
    expect(refusals.some((row) => (row.details as { status: number }).status === 401)).toBe(true);
  });
});
