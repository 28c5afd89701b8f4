import type { Role } from '#libs/access';
import { fixedClock, type CountySlug } from '#libs/portfolio';
import { countEvents, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const TODAY = '2026-06-15';

const registration = (county: CountySlug) => ({
  name: `${county}测试小学`,
  county,
  category: 'education',
  subType: '小学',
  action: '新建',
  plan: '滁州市“十四五”公共服务规划',
  plannedStart: '2025-01-01',
  plannedCompletion: '2027-12-31',
  managerEmail: `pm@${county}.example.gov.cn`,
});

type Action = 'register' | 'plan' | 'start' | 'complete' | 'reschedule' | 'correct-date' | 'suspend' | 'resume' | 'cancel';

/** What each action needs done first (by the administrator) and the request that performs it. */
const ACTIONS: Record<Action, { before: string[]; request: (id: string, county: CountySlug) => [string, unknown] }> = {
  register: { before: [], request: (_id, county) => ['', registration(county)] },
  plan: { before: [], request: (id) => [`/${id}/milestones`, { key: 'approval', dueDate: '2026-03-01' }] },
  start: { before: ['plan'], request: (id) => [`/${id}/milestones/approval/start`, { startedOn: '2026-02-01' }] },
  complete: { before: ['plan'], request: (id) => [`/${id}/milestones/approval/complete`, { completedOn: '2026-02-20', note: '批复' }] },
  reschedule: { before: ['plan'], request: (id) => [`/${id}/milestones/approval/reschedule`, { dueDate: '2026-09-01', reason: '手续补正' }] },
  'correct-date': { before: ['plan', 'complete'], request: (id) => [`/${id}/milestones/approval/correct-date`, { field: 'completedOn', date: '2026-02-21', reason: '录入有误' }] },
  suspend: { before: [], request: (id) => [`/${id}/suspend`, { reason: '资金未到位' }] },
  resume: { before: ['suspend'], request: (id) => [`/${id}/resume`, { reason: '资金已落实' }] },
  cancel: { before: [], request: (id) => [`/${id}/cancel`, { reason: '规划调整' }] },
};

const PROGRESS: Action[] = ['plan', 'start', 'complete', 'reschedule', 'correct-date', 'suspend', 'resume'];
const EVERY_ACTION = Object.keys(ACTIONS) as Action[];

interface Row {
  role: Role;
  userCounty?: CountySlug;
  projectCounty: CountySlug;
  action: Action;
  allowed: boolean;
}

const rows: Row[] = [
  ...EVERY_ACTION.map((action): Row => ({ role: 'admin', projectCounty: 'laian', action, allowed: true })),
  ...EVERY_ACTION.map((action): Row => ({ role: 'leader', projectCounty: 'dingyuan', action, allowed: false })),
  ...EVERY_ACTION.map((action): Row => ({ role: 'viewer', projectCounty: 'dingyuan', action, allowed: false })),
  ...EVERY_ACTION.map((action): Row => ({ role: 'manager', userCounty: 'dingyuan', projectCounty: 'dingyuan', action, allowed: PROGRESS.includes(action) })),
  ...EVERY_ACTION.map((action): Row => ({ role: 'manager', userCounty: 'dingyuan', projectCounty: 'laian', action, allowed: false })),
];

describe('who may do what (design §1 users, issue 6)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ clock: fixedClock(`${TODAY}T04:00:00Z`) });
  });
  afterAll(() => api.close());

  async function projectReadyFor(action: Action, county: CountySlug): Promise<string> {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration(county));
    const id = body.id as string;
    for (const step of ACTIONS[action].before) {
      const [path, stepBody] = ACTIONS[step as Action].request(id, county);
      expect((await http('POST', `${api.baseUrl}/projects${path}`, stepBody)).status).toBeLessThan(300);
    }
    return id;
  }

  it.each(rows)('$role (county $userCounty) → $action on a project in $projectCounty: allowed $allowed', async ({ role, userCounty, projectCounty, action, allowed }) => {
    const id = await projectReadyFor(action, projectCounty);
    const as = await api.signIn(role, userCounty);
    const before = await countEvents(api.db);
    const [path, body] = ACTIONS[action].request(id, projectCounty);
    const reply = await http('POST', `${api.baseUrl}/projects${path}`, body, as);
    if (allowed) {
      expect(reply.status).toBeLessThan(300);
      expect(await countEvents(api.db)).toBe(before + 1);
      const projectId = (reply.body.id as string) ?? id;
      const events = await http<{ events: Array<{ metadata: Record<string, unknown> }> }>('GET', `${api.baseUrl}/projects/${projectId}/events`);
      expect(events.body.events.at(-1)?.metadata).toMatchObject({ actor: userCounty ? `${role}-${userCounty}` : role, actorRole: role });
    } else {
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', message: expect.any(String) });
      expect(await countEvents(api.db)).toBe(before);
    }
  });

  it.each(['leader', 'viewer', 'manager'] as const)('%s reads the portfolio, counties, projects and alerts', async (role) => {
    const as = await api.signIn(role, role === 'manager' ? 'dingyuan' : undefined);
    for (const path of ['/portfolio', '/counties', '/counties/dingyuan', '/projects?county=dingyuan', '/alerts', '/recipients', '/auth/me']) {
      expect({ path, status: (await http('GET', `${api.baseUrl}${path}`, undefined, as)).status }).toEqual({ path, status: 200 });
    }
  });

  it.each(['leader', 'viewer', 'manager'] as const)('%s may not change recipients, start a scan or manage users', async (role) => {
    const as = await api.signIn(role, role === 'manager' ? 'dingyuan' : undefined);
    const writes: [string, string, unknown][] = [
      ['PUT', '/recipients', { recipients: [] }],
      ['POST', '/alerts/scan', {}],
      ['POST', '/users', { username: 'someone', displayName: '某人', role: 'admin', password: 'long-enough-1' }],
    ];
    for (const [method, path, body] of writes) {
      expect({ path, status: (await http(method, `${api.baseUrl}${path}`, body, as)).status }).toEqual({ path, status: 403 });
    }
    expect((await http('GET', `${api.baseUrl}/users`, undefined, as)).status).toBe(403);
    expect((await http('GET', `${api.baseUrl}/recipients`)).body).toMatchObject({ version: 0 });
  });

  it('without a token every endpoint but health and sign-in answers 401, and nothing is appended', async () => {
    const anonymous = { authorization: '' };
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration('laian'));
    const before = await countEvents(api.db);
    for (const path of ['/portfolio', '/counties', '/projects', `/projects/${body.id}`, `/projects/${body.id}/events`, '/alerts', '/recipients', '/users', '/auth/me']) {
      const reply = await http('GET', `${api.baseUrl}${path}`, undefined, anonymous);
      expect({ path, status: reply.status, code: reply.body.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
    }
    expect((await http('POST', `${api.baseUrl}/projects/${body.id}/suspend`, { reason: 'x' }, anonymous)).status).toBe(401);
    expect((await http('POST', `${api.baseUrl}/projects/${body.id}/suspend`, { reason: 'x' }, { authorization: 'Bearer not.a.token' })).status).toBe(401);
    expect(await countEvents(api.db)).toBe(before);
    expect((await http('GET', `${api.baseUrl}/health`, undefined, anonymous)).status).not.toBe(401);
  });

  it('an administrator adds a manager, who signs in with the password (changing it first) and is refused outside the county', async () => {
    const created = await http('POST', `${api.baseUrl}/users`, { username: 'li.na', displayName: '李娜', role: 'manager', county: 'fengyang', password: 'Lotus-Pavilion-Drum-58' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'li.na', role: 'manager', county: 'fengyang', disabled: false, mustChangePassword: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    const login = await http<{ token: string; user: Record<string, unknown> }>('POST', `${api.baseUrl}/auth/login`, { username: 'li.na', password: 'Lotus-Pavilion-Drum-58' }, { authorization: '' });
    expect(login.body.user).toMatchObject({ username: 'li.na', displayName: '李娜', role: 'manager', county: 'fengyang', mustChangePassword: true });
    const changed = await http<{ token: string }>('POST', `${api.baseUrl}/auth/password`, { currentPassword: 'Lotus-Pavilion-Drum-58', newPassword: 'Osprey-Meadow-Lantern-31' }, { authorization: `Bearer ${login.body.token}` });
    const manager = { authorization: `Bearer ${changed.body.token}` };
    const elsewhere = await http<{ id: string }>('POST', `${api.baseUrl}/projects`, {
      name: '来安县 用户测试中学', county: 'laian', category: 'education', subType: '中学', action: '新建', plan: '测试', managerEmail: 'pm@laian.example.gov.cn',
    });
    const refusedElsewhere = await http('POST', `${api.baseUrl}/projects/${elsewhere.body.id}/milestones`, { key: 'approval', dueDate: '2027-03-01' }, manager);
    expect(refusedElsewhere).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const noCounty = await http('POST', `${api.baseUrl}/users`, { username: 'zhao', displayName: '赵', role: 'manager', password: 'Quartz-Willow-Ember-64' });
    expect(noCounty).toMatchObject({ status: 400, body: { field: 'county' } });
    const shortPassword = await http('POST', `${api.baseUrl}/users`, { username: 'qian', displayName: '钱', role: 'viewer', password: 'short' });
    expect(shortPassword).toMatchObject({ status: 400, body: { field: 'password' } });
    expect((await http('POST', `${api.baseUrl}/users`, { username: 'li.na', displayName: '李娜', role: 'viewer', password: 'Quartz-Willow-Ember-64' })).status).toBe(409);

    expect((await http('PATCH', `${api.baseUrl}/users/li.na`, { disabled: true })).status).toBe(200);
    expect(await http('PATCH', `${api.baseUrl}/users/admin`, { disabled: true })).toMatchObject({ status: 422, body: { code: 'OWN_ACCOUNT', field: 'disabled' } });
    expect(await http('PATCH', `${api.baseUrl}/users/admin`, { role: 'viewer' })).toMatchObject({ status: 422, body: { field: 'role' } });
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, manager)).status).toBe(401); // disabled: the session ended
    expect((await http('GET', `${api.baseUrl}/users`)).status).toBe(200); // still an administrator
    const refused = await http('POST', `${api.baseUrl}/auth/login`, { username: 'li.na', password: 'Osprey-Meadow-Lantern-31' }, { authorization: '' });
    expect(refused).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
  });
});
