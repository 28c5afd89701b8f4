import { AUDIT_ACTIONS, verifyLedger } from '#libs/audit';
import { countEvents, http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { auditRows, cookieSignIn, eventually } from './security-support.js';

const PASSWORD = 'Saffron-Glacier-Tandem-27';
const FROM = '198.51.100.23';
const AGENT = 'Mozilla/5.0 (audit test)';

/**
 * 安全审计: every action issue 13 lists leaves one row with its time (UTC), actor, role, source
 * address, user agent, action, object, result and correlation id. The rows are read from the table
 * and through the auditor's GET /api/audit, and the chain they form verifies — until a superuser
 * changes a row, which verify then names.
 */
describe('the audit log records who did what, from where', () => {
  let api: ApiUnderTest;
  const as = (headers: Record<string, string>) => ({ ...headers, 'x-forwarded-for': FROM, 'user-agent': AGENT });

  beforeAll(async () => {
    api = await startApi({ environment: { TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_WINDOW: '3' } });
    const admin = as(await api.signIn('admin'));
    const security = as(await api.signIn('security_admin'));
    const viewer = as(await api.signIn('viewer'));

    // Sign-ins: a success (above), failures, a lock, a throttled attempt (429), a sign-out.
    await api.seedUser({ username: 'target', role: 'viewer' });
    for (let attempt = 0; attempt < 5; attempt += 1) await http('POST', `${api.baseUrl}/auth/login`, { username: 'target', password: 'wrong' }, { ...as({ authorization: '' }), 'x-forwarded-for': `10.9.0.${attempt}` });
    for (let attempt = 0; attempt < 4; attempt += 1) await http('POST', `${api.baseUrl}/auth/login`, { username: 'throttled', password: 'wrong' }, as({ authorization: '' }));
    const leaving = await cookieSignIn(api.baseUrl, 'viewer', TEST_PASSWORD, { 'x-forwarded-for': FROM, 'user-agent': AGENT });
    await fetch(`${api.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie: leaving.cookie, 'x-csrf-token': leaving.csrfToken, 'x-forwarded-for': FROM, 'user-agent': AGENT } });

    // Refusals: not signed in (401), not allowed (403), a form (415).
    await http('GET', `${api.baseUrl}/portfolio`, undefined, as({ authorization: '' }));
    await http('GET', `${api.baseUrl}/users`, undefined, viewer);
    await fetch(`${api.baseUrl}/recipients`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });

    // Users and their sessions, locks and second factors.
    await http('POST', `${api.baseUrl}/users`, { username: 'newbie', displayName: '新人', role: 'viewer', password: PASSWORD }, admin);
    await http('PATCH', `${api.baseUrl}/users/newbie`, { role: 'leader', password: 'Another-Saffron-Glacier-28', disabled: true }, admin);
    await http('DELETE', `${api.baseUrl}/security/locks/target`, undefined, security);
    const ending = (await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username: 'leader', password: TEST_PASSWORD }, { authorization: '' })).body.token;
    await api.seedUser({ username: 'leader', role: 'leader' });
    const session = (await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username: 'leader', password: TEST_PASSWORD }, { authorization: '' })).body.token;
    const sid = (JSON.parse(Buffer.from(session.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
    await http('DELETE', `${api.baseUrl}/security/sessions/${sid}`, undefined, security);
    await http('POST', `${api.baseUrl}/security/users/leader/end-sessions`, undefined, security);
    void ending;
    const { totpCode } = await import('#libs/access');
    const enrolling = as({ authorization: `Bearer ${(await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username: 'target', password: TEST_PASSWORD }, { authorization: '' })).body.token}` });
    const { secret } = (await http<{ secret: string }>('POST', `${api.baseUrl}/auth/totp/enrolment`, undefined, enrolling)).body;
    await http('POST', `${api.baseUrl}/auth/totp/enrolment/confirm`, { code: await totpCode(secret, new Date()) }, enrolling);
    await http('DELETE', `${api.baseUrl}/security/users/target/totp`, undefined, security);
    await http('PATCH', `${api.baseUrl}/auth/me`, { email: 'viewer@example.gov.cn' }, viewer);

    // The ledger's administration: recipients, a scan, exports, the queue dashboard.
    await http('PUT', `${api.baseUrl}/recipients`, { recipients: [{ role: 'city_leadership', email: 'boss@chuzhou.example' }] }, admin);
    await http('POST', `${api.baseUrl}/alerts/scan`, undefined, admin);
    await (await fetch(`${api.baseUrl}/exports/projects?format=csv&county=laian`, { headers: viewer })).arrayBuffer();
    await (await fetch(`${api.baseUrl}/exports/counties?format=xlsx`, { headers: viewer })).arrayBuffer();
    await (await fetch(`${new URL(api.baseUrl).origin}/admin/queues`, { headers: { ...admin, accept: 'text/html' } })).arrayBuffer();
    const auditor = as(await api.signIn('auditor'));
    await http('GET', `${api.baseUrl}/audit?action=auth.sign-in`, undefined, auditor);
    await (await fetch(`${api.baseUrl}/audit/export?format=csv`, { headers: auditor })).arrayBuffer();
  });
  afterAll(() => api.close());

  const EXPECTED: [string, Record<string, unknown>][] = [
    ['auth.sign-in', { result: 'success', actor: 'admin', actorRole: 'admin' }],
    ['auth.sign-in-failed', { result: 'failure', object: 'user:target' }],
    ['auth.account-locked', { result: 'success', object: 'user:target', sourceAddress: '10.9.0.4' }],
    ['auth.sign-out', { result: 'success', actor: 'viewer', sourceAddress: FROM, userAgent: AGENT }],
    ['auth.session-ended', { result: 'success', actor: 'security_admin', details: expect.objectContaining({ user: 'leader' }) }],
    ['access.refused', { result: 'refused', details: { status: 429 } }],
    ['access.refused', { result: 'refused', object: 'GET /api/portfolio', details: { status: 401 }, sourceAddress: FROM }],
    ['access.refused', { result: 'refused', object: 'GET /api/users', actor: 'viewer', actorRole: 'viewer', details: { status: 403 } }],
    ['access.refused', { result: 'refused', object: 'PUT /api/recipients', details: { status: 415 } }],
    ['user.created', { actor: 'admin', object: 'user:newbie', details: { role: 'viewer', county: null } }],
    ['user.changed', { actor: 'admin', object: 'user:newbie', details: { fields: ['role', 'password', 'disabled'], role: { from: 'viewer', to: 'leader' }, disabled: true } }],
    ['user.lock-cleared', { actor: 'security_admin', actorRole: 'security_admin', object: 'user:target', sourceAddress: FROM }],
    ['user.sessions-ended', { actor: 'security_admin', object: 'user:leader' }],
    ['auth.totp-enrolled', { actor: 'target', result: 'success' }],
    ['user.totp-reset', { actor: 'security_admin', object: 'user:target' }],
    ['auth.profile-changed', { actor: 'viewer', details: { fields: ['email'] } }],
    ['recipients.replaced', { actor: 'admin', details: expect.objectContaining({ version: 1, cityLeadership: 1 }) }],
    ['alerts.scan-requested', { actor: 'admin', result: 'success' }],
    ['export.projects', { actor: 'viewer', result: 'success', details: expect.objectContaining({ filters: { format: 'csv', county: 'laian' }, rows: 0 }) }],
    ['export.counties', { actor: 'viewer', result: 'success', details: expect.objectContaining({ rows: 10 }) }],
    ['queue-dashboard.viewed', { actor: 'admin', object: '/admin/queues' }],
    ['audit.viewed', { actor: 'auditor', actorRole: 'auditor', details: expect.objectContaining({ filters: { action: 'auth.sign-in' } }) }],
    ['export.audit', { actor: 'auditor', details: expect.objectContaining({ rows: expect.any(Number) }) }],
  ];

  it.each(EXPECTED)('records %s with who, from where, and how it ended', async (action, fields) => {
    const rows = await eventually(() => auditRows(api.db, action), (found) => found.some((row) => matches(row, fields)));
    const row = rows.find((candidate) => matches(candidate, fields))!;
    expect(row).toMatchObject({ action, at: expect.any(Date), sourceAddress: expect.stringMatching(/\d/), correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(Math.abs(Date.now() - (row.at as Date).getTime())).toBeLessThan(120_000);
  });

  it('lists them for the auditor, newest first, with filters', async () => {
    const auditor = await api.signIn('auditor');
    const page = await http<{ items: { action: string; actor: string; hash: string }[]; total: number }>('GET', `${api.baseUrl}/audit?action=user.created&limit=5`, undefined, auditor);
    expect(page.body.total).toBe(1);
    expect(page.body.items[0]).toMatchObject({ action: 'user.created', actor: 'admin', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const refusals = await http<{ items: { result: string }[] }>('GET', `${api.baseUrl}/audit?result=refused`, undefined, auditor);
    expect(refusals.body.items.length).toBeGreaterThanOrEqual(4);
    expect(refusals.body.items.every((item) => item.result === 'refused')).toBe(true);
    expect((await http('GET', `${api.baseUrl}/audit?action=made.up`, undefined, auditor))).toMatchObject({ status: 400, body: { field: 'action' } });
    const csv = await (await fetch(`${api.baseUrl}/audit/export?format=csv&action=user.created`, { headers: auditor })).text();
    expect(csv).toContain('新增用户');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('every recorded action is one the auditor can filter by, with a Chinese label', () => {
    for (const [action] of EXPECTED) expect(AUDIT_ACTIONS).toContain(action);
  });

  it('business events carry the source address as well', async () => {
    const admin = { ...(await api.signIn('admin')), 'x-forwarded-for': FROM };
    const before = await countEvents(api.db);
    await http('POST', `${api.baseUrl}/projects`, { name: '审计测试小学', county: 'laian', category: 'education', subType: '小学', action: '新建', plan: '测试', managerEmail: 'pm@laian.example.gov.cn' }, admin);
    const { rows } = await api.db.pool.query('SELECT metadata FROM events ORDER BY position DESC LIMIT 1');
    expect(await countEvents(api.db)).toBe(before + 1);
    expect(rows[0].metadata).toMatchObject({ actor: 'admin', actorRole: 'admin', sourceAddress: FROM });
  });

  it('forms a chain that verifies, and names the row a superuser changed', async () => {
    const intact = await verifyLedger(api.db.pool);
    expect(intact.audit.firstBroken).toBeUndefined();
    expect(intact.audit.rows).toBeGreaterThan(EXPECTED.length);
    const { rows } = await api.db.pool.query("SELECT id::text AS id FROM audit_log WHERE action = 'user.created'");
    await api.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await api.db.pool.query("UPDATE audit_log SET actor = 'someone-else' WHERE id = $1", [rows[0].id]);
    } finally {
      await api.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
    const report = await verifyLedger(api.db.pool);
    expect(report.ok).toBe(false);
    expect(report.audit.firstBroken).toMatchObject({ id: rows[0].id });
  });
});

function matches(row: Record<string, unknown>, fields: Record<string, unknown>): boolean {
  try {
    expect(row).toMatchObject(fields);
    return true;
  } catch {
    return false;
  }
}
