import { hashPassword } from '#libs/access';
import { waitFor } from '#libs/local-services';
import { countEvents, http, startApi, TEST_PASSWORD, TEST_PASSWORD_HASHING, type ApiUnderTest } from '../support/api-under-test.js';

describe("ending a user's sessions", () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ environment: { AUTH_SESSION_CHECK_MS: '100' } });
  });
  afterAll(() => api.close());

  it("refuses a disabled user's token at once, also for reads answered from memory before Nest", async () => {
    const viewer = await api.signIn('viewer');
    for (let i = 0; i < 2; i++) expect((await http('GET', `${api.baseUrl}/counties`, undefined, viewer)).status).toBe(200);
    expect((await http('PATCH', `${api.baseUrl}/users/viewer`, { disabled: true })).status).toBe(200);
    expect((await http('GET', `${api.baseUrl}/counties`, undefined, viewer)).status).toBe(401);
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, viewer)).status).toBe(401);
    expect((await http('GET', `${api.baseUrl}/counties`)).status).toBe(200); // the administrator's own session goes on
  });

  it("refuses a manager's old token once they are made a viewer; signed in again they have the viewer's rights", async () => {
    const manager = await api.signIn('manager', 'dingyuan');
    const { body: project } = await http('POST', `${api.baseUrl}/projects`, {
      name: '定远 会话测试小学', county: 'dingyuan', category: 'education', subType: '小学', action: '新建', plan: '测试', managerEmail: 'pm@example.gov.cn',
    });
    const plan = (key: string, headers: Record<string, string>) =>
      http('POST', `${api.baseUrl}/projects/${project.id}/milestones`, { key, dueDate: '2027-03-01' }, headers);
    expect((await plan('approval', manager)).status).toBe(201);

    expect((await http('PATCH', `${api.baseUrl}/users/manager-dingyuan`, { role: 'viewer' })).status).toBe(200);
    const before = await countEvents(api.db);
    expect((await plan('design', manager)).status).toBe(401);
    expect(await countEvents(api.db)).toBe(before);

    const again = await http<{ token: string; user: { role: string } }>('POST', `${api.baseUrl}/auth/login`, { username: 'manager-dingyuan', password: TEST_PASSWORD }, { authorization: '' });
    expect(again.body.user.role).toBe('viewer');
    expect((await plan('design', { authorization: `Bearer ${again.body.token}` })).status).toBe(403);
    expect(await countEvents(api.db)).toBe(before);
  });

  it('ends the sessions of a user changed in the database by another process', async () => {
    const leader = await api.signIn('leader');
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, leader)).status).toBe(200);
    await api.db.pool.query('UPDATE users SET password_hash = $2 WHERE username = $1', ['leader', await hashPassword('a-new-password-2026', TEST_PASSWORD_HASHING)]);
    await waitFor(async () => (await http('GET', `${api.baseUrl}/portfolio`, undefined, leader)).status === 401, 3000, "the leader's old token to be refused");
    await api.db.pool.query('UPDATE users SET display_name = $2 WHERE username = $1', ['admin', '管理员']);
    const { rows } = await api.db.pool.query("SELECT count(*)::int AS n FROM user_sessions WHERE username = 'admin' AND ended_at IS NULL");
    expect(rows[0].n).toBe(1); // a new display name ends no session
    expect((await http('GET', `${api.baseUrl}/portfolio`)).status).toBe(200);
  });
});
