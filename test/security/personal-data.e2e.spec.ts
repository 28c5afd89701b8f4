import ExcelJS from 'exceljs';
import { EventStore } from '#libs/event-store';
import { PortfolioProjector, ProjectionRunner } from '#libs/projections';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const MANAGER_EMAIL = 'zhang.wei@dingyuan.gov.cn';
const MASKED = 'zh***@dingyuan.gov.cn';

/**
 * 个人信息保护法: e-mail addresses in full only for the system administrator and the person
 * themself; masked for everyone else in every answer and file; recipients and alert history with
 * addresses for the system administrator only.
 */
describe('personal data is shown only to those who need it', () => {
  let api: ApiUnderTest;
  let projectId: string;

  beforeAll(async () => {
    api = await startApi();
    await api.signIn('admin');
    const registered = await http<{ id: string }>('POST', `${api.baseUrl}/projects`, {
      name: '定远县 个人信息测试小学', county: 'dingyuan', category: 'education', subType: '小学', action: '新建', plan: '测试', managerEmail: MANAGER_EMAIL,
    });
    projectId = registered.body.id;
    const runner = new ProjectionRunner(api.db.pool, new EventStore(api.db.pool), new PortfolioProjector());
    while ((await runner.runBatch()) > 0);
    await http('PUT', `${api.baseUrl}/recipients`, {
      recipients: [
        { role: 'county_lead', county: 'dingyuan', email: 'lead.one@dingyuan.gov.cn' },
        { role: 'county_lead', county: 'dingyuan', email: 'lead.two@dingyuan.gov.cn' },
        { role: 'city_leadership', email: 'mayor@chuzhou.gov.cn' },
      ],
    });
    await api.db.pool.query(
      `INSERT INTO alert_digests (recipient, level, day, status, item_count, items) VALUES ('lead.one@dingyuan.gov.cn', 'L2', '2026-12-01', 'sent', 2, '[]'::jsonb)`,
    );
    await api.seedUser({ username: 'zhang.wei', role: 'manager', county: 'dingyuan', email: MANAGER_EMAIL });
  });
  afterAll(() => api.close());

  const readers = [
    ['viewer', MASKED],
    ['leader', MASKED],
    ['manager', MASKED],
    ['admin', MANAGER_EMAIL],
  ] as const;

  it.each(readers)('%s sees the manager as %s in the project and its events', async (role, shown) => {
    const headers = await api.signIn(role, role === 'manager' ? 'laian' : undefined);
    const project = await http<{ managerEmail: string }>('GET', `${api.baseUrl}/projects/${projectId}`, undefined, headers);
    expect(project.body.managerEmail).toBe(shown);
    const events = await http('GET', `${api.baseUrl}/projects/${projectId}/events`, undefined, headers);
    expect(JSON.stringify(events.body).includes(MANAGER_EMAIL)).toBe(role === 'admin');
    expect(JSON.stringify(events.body)).toContain(shown);
  });

  it('the manager themself sees their own address in full', async () => {
    const login = await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username: 'zhang.wei', password: 'test-password-123' }, { authorization: '' });
    const project = await http<{ managerEmail: string }>('GET', `${api.baseUrl}/projects/${projectId}`, undefined, { authorization: `Bearer ${login.body.token}` });
    expect(project.body.managerEmail).toBe(MANAGER_EMAIL);
  });

  it.each(readers)('%s gets the manager as %s in the CSV and xlsx project files', async (role, shown) => {
    const headers = await api.signIn(role, role === 'manager' ? 'laian' : undefined);
    const csv = await (await fetch(`${api.baseUrl}/exports/projects?format=csv&county=dingyuan`, { headers })).text();
    expect(csv).toContain(shown);
    expect(csv.includes(MANAGER_EMAIL)).toBe(role === 'admin');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await fetch(`${api.baseUrl}/exports/projects?format=xlsx&county=dingyuan`, { headers })).arrayBuffer()) as never);
    const cells: string[] = [];
    workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain(shown);
    expect(cells.includes(MANAGER_EMAIL)).toBe(role === 'admin');
  });

  it.each(['viewer', 'leader', 'manager'] as const)('%s sees how many recipients and digests there are, not who', async (role) => {
    const headers = await api.signIn(role, role === 'manager' ? 'dingyuan' : undefined);
    const recipients = await http('GET', `${api.baseUrl}/recipients`, undefined, headers);
    expect(recipients.body).toMatchObject({ counts: { countyLeads: { dingyuan: 2 }, cityLeadership: 1 } });
    expect(JSON.stringify(recipients.body)).not.toMatch(/@/);
    const alerts = await http('GET', `${api.baseUrl}/alerts`, undefined, headers);
    expect(alerts.body).toMatchObject({ counts: [{ day: '2026-12-01', level: 'L2', status: 'sent', digests: 1, milestones: 2 }] });
    expect(JSON.stringify(alerts.body)).not.toMatch(/@/);
    expect((await http('GET', `${api.baseUrl}/alerts?recipient=lead.one@dingyuan.gov.cn`, undefined, headers)).status).toBe(403);
  });

  it('the system administrator sees recipients and digests with their addresses', async () => {
    const recipients = await http<{ recipients: { email: string }[] }>('GET', `${api.baseUrl}/recipients`);
    expect(recipients.body.recipients.map((r) => r.email)).toContain('mayor@chuzhou.gov.cn');
    const alerts = await http<{ items: { recipient: string }[] }>('GET', `${api.baseUrl}/alerts`);
    expect(alerts.body.items[0].recipient).toBe('lead.one@dingyuan.gov.cn');
  });

  it('the security administrator sees users’ addresses masked, but their own in full', async () => {
    await api.seedUser({ username: 'sec', role: 'security_admin', email: 'security.officer@chuzhou.gov.cn' });
    const login = await http<{ token: string }>('POST', `${api.baseUrl}/auth/login`, { username: 'sec', password: 'test-password-123' }, { authorization: '' });
    const users = await http<{ username: string; email: string | null }[]>('GET', `${api.baseUrl}/users`, undefined, { authorization: `Bearer ${login.body.token}` });
    expect(users.body.find((u) => u.username === 'zhang.wei')!.email).toBe(MASKED);
    expect(users.body.find((u) => u.username === 'sec')!.email).toBe('security.officer@chuzhou.gov.cn');
    const admin = await http<{ username: string; email: string | null }[]>('GET', `${api.baseUrl}/users`);
    expect(admin.body.find((u) => u.username === 'zhang.wei')!.email).toBe(MANAGER_EMAIL);
  });
});
