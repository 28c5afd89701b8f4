import { countEvents, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { countUsers } from './security-support.js';

type Role = 'admin' | 'security_admin' | 'auditor';
interface Row {
  role: Role;
  does: string;
  method: string;
  path: string;
  body?: unknown;
  allowed: boolean;
}

const PASSWORD = 'Juniper-Beacon-Anvil-19';
const user = (username: string, role: string, extra: Record<string, unknown> = {}) => ({ username, displayName: '测试', role, password: PASSWORD, ...extra });

/**
 * 三员分立 as a table: what each of the three administrator roles may and may not do. A refusal is a
 * 403 and changes nothing (no user, no event, no recipient list, no audit row rewritten).
 */
const ROWS: Row[] = [
  { role: 'admin', does: 'reads the portfolio', method: 'GET', path: '/portfolio', allowed: true },
  { role: 'admin', does: 'adds a leader', method: 'POST', path: '/users', body: user('a-leader', 'leader'), allowed: true },
  { role: 'admin', does: 'adds an auditor', method: 'POST', path: '/users', body: user('a-auditor', 'auditor'), allowed: false },
  { role: 'admin', does: 'adds a security administrator', method: 'POST', path: '/users', body: user('a-security', 'security_admin'), allowed: false },
  { role: 'admin', does: 'adds another system administrator', method: 'POST', path: '/users', body: user('a-admin', 'admin'), allowed: false },
  { role: 'admin', does: 'changes the security administrator', method: 'PATCH', path: '/users/security_admin', body: { disabled: true }, allowed: false },
  { role: 'admin', does: 'makes a viewer an auditor', method: 'PATCH', path: '/users/viewer', body: { role: 'auditor' }, allowed: false },
  { role: 'admin', does: 'reads the audit log', method: 'GET', path: '/audit', allowed: false },
  { role: 'admin', does: 'exports the audit log', method: 'GET', path: '/audit/export?format=csv', allowed: false },
  { role: 'admin', does: 'reads the locks', method: 'GET', path: '/security/locks', allowed: false },
  { role: 'admin', does: 'ends a user’s sessions', method: 'POST', path: '/security/users/viewer/end-sessions', allowed: false },
  { role: 'admin', does: 'resets a second factor', method: 'DELETE', path: '/security/users/viewer/totp', allowed: false },

  { role: 'security_admin', does: 'reads the locks', method: 'GET', path: '/security/locks', allowed: true },
  { role: 'security_admin', does: 'reads the policy', method: 'GET', path: '/security/policy', allowed: true },
  { role: 'security_admin', does: 'lists users', method: 'GET', path: '/users', allowed: true },
  { role: 'security_admin', does: 'adds an auditor', method: 'POST', path: '/users', body: user('s-auditor', 'auditor'), allowed: true },
  { role: 'security_admin', does: 'adds a viewer', method: 'POST', path: '/users', body: user('s-viewer', 'viewer'), allowed: false },
  { role: 'security_admin', does: 'makes a viewer a system administrator', method: 'PATCH', path: '/users/viewer', body: { role: 'admin' }, allowed: false },
  { role: 'security_admin', does: 'reads the portfolio', method: 'GET', path: '/portfolio', allowed: false },
  { role: 'security_admin', does: 'reads a county', method: 'GET', path: '/counties/dingyuan', allowed: false },
  { role: 'security_admin', does: 'exports the projects', method: 'GET', path: '/exports/projects?format=csv', allowed: false },
  { role: 'security_admin', does: 'registers a project', method: 'POST', path: '/projects', body: { name: '三员测试', county: 'laian', category: 'education', subType: '小学', action: '新建', plan: '测试', managerEmail: 'pm@laian.example.gov.cn' }, allowed: false },
  { role: 'security_admin', does: 'changes the recipients', method: 'PUT', path: '/recipients', body: { recipients: [] }, allowed: false },
  { role: 'security_admin', does: 'starts a scan', method: 'POST', path: '/alerts/scan', allowed: false },
  { role: 'security_admin', does: 'reads the audit log', method: 'GET', path: '/audit', allowed: false },

  { role: 'auditor', does: 'reads the audit log', method: 'GET', path: '/audit', allowed: true },
  { role: 'auditor', does: 'exports the audit log', method: 'GET', path: '/audit/export?format=csv', allowed: true },
  { role: 'auditor', does: 'reads the portfolio', method: 'GET', path: '/portfolio', allowed: false },
  { role: 'auditor', does: 'reads a project list', method: 'GET', path: '/projects', allowed: false },
  { role: 'auditor', does: 'reads the alerts', method: 'GET', path: '/alerts', allowed: false },
  { role: 'auditor', does: 'lists users', method: 'GET', path: '/users', allowed: false },
  { role: 'auditor', does: 'adds a user', method: 'POST', path: '/users', body: user('x-viewer', 'viewer'), allowed: false },
  { role: 'auditor', does: 'clears a lock', method: 'DELETE', path: '/security/locks/viewer', allowed: false },
  { role: 'auditor', does: 'changes the recipients', method: 'PUT', path: '/recipients', body: { recipients: [] }, allowed: false },
  { role: 'auditor', does: 'starts a scan', method: 'POST', path: '/alerts/scan', allowed: false },
  { role: 'auditor', does: 'opens the queue dashboard', method: 'GET', path: '/../admin/queues/api/queues', allowed: false },
];

describe('三员分立: the system administrator, the security administrator and the auditor', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
    for (const role of ['admin', 'security_admin', 'auditor', 'viewer'] as const) await api.signIn(role);
  });
  afterAll(() => api.close());

  it.each(ROWS)('$role $does: $allowed', async ({ role, method, path, body, allowed }) => {
    const before = { users: await countUsers(api.db), events: await countEvents(api.db), recipients: await recipientVersion() };
    const url = path.startsWith('/../') ? `${new URL(api.baseUrl).origin}${path.slice(3)}` : `${api.baseUrl}${path}`;
    const response = await fetch(url, { method, headers: { ...(await api.signIn(role)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    await response.arrayBuffer();
    if (allowed) {
      expect({ path, status: response.status }).toEqual({ path, status: expect.any(Number) });
      expect(response.status).toBeLessThan(300);
    } else {
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect({ users: await countUsers(api.db), events: await countEvents(api.db), recipients: await recipientVersion() }).toEqual(before);
    }
  });

  it('nobody may change or remove their own role or account: each administrator keeps exactly one role', async () => {
    for (const role of ['admin', 'security_admin'] as const) {
      const own = await http('PATCH', `${api.baseUrl}/users/${role}`, { role: 'viewer' }, await api.signIn(role));
      expect(own).toMatchObject({ status: 422, body: { code: 'OWN_ACCOUNT', field: 'role' } });
      expect((await http('PATCH', `${api.baseUrl}/users/${role}`, { disabled: true }, await api.signIn(role))).status).toBe(422);
    }
    const { rows } = await api.db.pool.query("SELECT role FROM users WHERE username IN ('admin', 'security_admin', 'auditor') ORDER BY username");
    expect(rows.map((row) => row.role)).toEqual(['admin', 'auditor', 'security_admin']);
  });

  it('the audit log has no route that changes it, and the table itself refuses changes', async () => {
    const auditor = await api.signIn('auditor');
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await fetch(`${api.baseUrl}/audit/1`, { method, headers: auditor });
      expect({ method, status: response.status }).toEqual({ method, status: 404 });
    }
    await expect(api.db.pool.query("UPDATE audit_log SET result = 'success' WHERE id = (SELECT min(id) FROM audit_log)")).rejects.toMatchObject({ code: 'TZ403' });
    await expect(api.db.pool.query('DELETE FROM audit_log')).rejects.toMatchObject({ code: 'TZ403' });
    await expect(api.db.pool.query('TRUNCATE audit_log')).rejects.toMatchObject({ code: 'TZ403' });
  });

  async function recipientVersion(): Promise<number> {
    const { rows } = await api.db.pool.query('SELECT coalesce(max(version), 0)::int AS v FROM alert_recipient_list');
    return rows[0].v;
  }
});
