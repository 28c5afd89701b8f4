import { EventStore } from '#libs/event-store';
import { fixedClock } from '#libs/portfolio';
import { adminHeaders, countEvents, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const TODAY = '2025-06-15';
const registration = {
  name: '来安县第二中学',
  county: 'laian',
  category: 'education',
  subType: '高中',
  action: '新建',
  plan: '滁州市“十四五”公共服务规划',
  sourceRef: '专栏4',
  plannedStart: '2023-01-01',
  plannedCompletion: '2025-12-31',
  managerEmail: 'wang@laian.gov.cn',
};

describe('project commands over HTTP', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ clock: fixedClock(`${TODAY}T04:00:00Z`) });
  });
  afterAll(() => api.close());

  it('registers, plans, starts and completes, then reads the project and its audit trail back', async () => {
    const registered = await http('POST', `${api.baseUrl}/projects`, registration, { 'X-Correlation-Id': 'corr-lifecycle-1' });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect(registered.body).toEqual({ id, version: 1, position: expect.any(Number) });
    expect(registered.headers.get('x-correlation-id')).toBe('corr-lifecycle-1');

    const actor = { ...(await api.signIn('manager', 'laian')), 'X-Correlation-Id': 'corr-lifecycle-1' };
    const planned = await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'groundbreaking', dueDate: '2024-03-01' }, actor);
    expect(planned.status).toBe(201);
    expect(planned.body.version).toBe(2);
    expect(await http('POST', `${api.baseUrl}/projects/${id}/milestones/groundbreaking/start`, { startedOn: '2024-02-20' }, actor)).toMatchObject({ status: 200, body: { version: 3 } });
    const completed = await http('POST', `${api.baseUrl}/projects/${id}/milestones/groundbreaking/complete`, { completedOn: '2024-02-28', note: '开工仪式' }, actor);
    expect(completed).toMatchObject({ status: 200, body: { id, version: 4 } });
    expect(completed.body.position as number).toBeGreaterThan(planned.body.position as number);

    const project = await http('GET', `${api.baseUrl}/projects/${id}`);
    expect(project.status).toBe(200);
    expect(project.headers.get('etag')).toBe('"4"');
    expect(project.body).toMatchObject({
      id,
      version: 4,
      name: '来安县第二中学',
      county: { slug: 'laian', name: '来安县', code: '341122' },
      status: 'completed',
      synthetic: false,
      milestones: [{ key: 'groundbreaking', title: '开工', dueDate: '2024-03-01', startedOn: '2024-02-20', completedOn: '2024-02-28', note: '开工仪式', overdue: false }],
    });

    const stream = await http<{ events: Array<Record<string, unknown>> }>('GET', `${api.baseUrl}/projects/${id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.body.events.map((e) => e.type)).toEqual(['project.registered', 'milestone.planned', 'milestone.started', 'milestone.completed']);
    expect(stream.body.events[0].metadata).toMatchObject({ actor: 'admin', actorRole: 'admin' });
    for (const event of stream.body.events.slice(1)) expect(event.metadata).toMatchObject({ actor: 'manager-laian', actorRole: 'manager' });
    for (const event of stream.body.events) {
      expect(event.metadata).toMatchObject({ correlationId: 'corr-lifecycle-1' });
      expect(typeof event.recordedAt).toBe('string');
    }
    expect(stream.body.events[3].data).toEqual({ key: 'groundbreaking', completedOn: '2024-02-28', note: '开工仪式' });
  });

  it('treats a stream that is not a project as no project: 404 to read or change it, 409 to register over it', async () => {
    await new EventStore(api.db.pool).append('alerts-2026-11-29', 'no_stream', [{ type: 'alert.queued', data: {} }], {
      metadata: { actor: 'worker', correlationId: 'c', causationId: null, commandId: null },
    });
    expect((await http('GET', `${api.baseUrl}/projects/alerts-2026-11-29`)).status).toBe(404);
    expect((await http('GET', `${api.baseUrl}/projects/alerts-2026-11-29/events`)).status).toBe(404);
    expect((await http('POST', `${api.baseUrl}/projects/alerts-2026-11-29/suspend`, { reason: 'x' })).status).toBe(404);
    expect((await http('POST', `${api.baseUrl}/projects`, { ...registration, id: 'alerts-2026-11-29' })).body).toMatchObject({ statusCode: 409, code: 'PROJECT_ALREADY_EXISTS' });
  });

  it('tells a synthetic demo project from a project of the real plan', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, { ...registration, plan: '合成演示数据（synthetic, seed 7）' });
    expect((await http('GET', `${api.baseUrl}/projects/${body.id}`)).body).toMatchObject({ synthetic: true });
  });

  it('gives a request without X-Correlation-Id a new one, returns it, and stores it with the events', async () => {
    const registered = await http('POST', `${api.baseUrl}/projects`, registration);
    const correlationId = registered.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const stream = await http<{ events: Array<{ metadata: Record<string, unknown> }> }>('GET', `${api.baseUrl}/projects/${registered.body.id}/events`);
    expect(stream.body.events[0].metadata).toMatchObject({ correlationId, actor: 'admin', causationId: null, commandId: null });
  });

  it('answers a stale If-Match with 409 and the current version, and appends nothing', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const id = body.id as string;
    await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'approval', dueDate: '2023-06-30' });
    const before = await countEvents(api.db);
    const stale = await http('POST', `${api.baseUrl}/projects/${id}/milestones/approval/complete`, { completedOn: '2023-06-01' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2, field: 'If-Match' });
    expect(await countEvents(api.db)).toBe(before);
    const fresh = await http('POST', `${api.baseUrl}/projects/${id}/milestones/approval/complete`, { completedOn: '2023-06-01' }, { 'If-Match': '"2"' });
    expect(fresh.status).toBe(200);
  });

  it('lets exactly one of many concurrent writers with the same If-Match through; the others get 409', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const id = body.id as string;
    const keys = Array.from({ length: 10 }, (_, i) => `extra_${i}`);
    const replies = await Promise.all(
      keys.map((key) => http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key, title: `里程碑${key}`, dueDate: '2025-09-30' }, { 'If-Match': '"1"' })),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9);
    const project = await http<{ milestones: unknown[]; version: number }>('GET', `${api.baseUrl}/projects/${id}`);
    expect(project.body.version).toBe(2);
    expect(project.body.milestones).toHaveLength(1);
  });

  it('keeps every concurrent writer without If-Match: rules are checked again on the fresh state', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const id = body.id as string;
    const keys = ['approval', 'design', 'groundbreaking'];
    const replies = await Promise.all(keys.map((key) => http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key, dueDate: '2025-09-30' })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    const project = await http<{ milestones: Array<{ key: string }>; version: number }>('GET', `${api.baseUrl}/projects/${id}`);
    expect(project.body.version).toBe(4);
    expect(project.body.milestones.map((m) => m.key).sort()).toEqual([...keys].sort());
  });

  it('executes a request with the same Idempotency-Key once and replays its first answer', async () => {
    const key = { 'Idempotency-Key': 'register-once-1' };
    const first = await http('POST', `${api.baseUrl}/projects`, registration, key);
    const before = await countEvents(api.db);
    const again = await http('POST', `${api.baseUrl}/projects`, registration, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countEvents(api.db)).toBe(before);

    const id = first.body.id as string;
    await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'approval', dueDate: '2023-06-30' });
    const complete = { 'Idempotency-Key': 'complete-approval-1' };
    const done = await http('POST', `${api.baseUrl}/projects/${id}/milestones/approval/complete`, { completedOn: '2023-06-01' }, complete);
    const repeat = await http('POST', `${api.baseUrl}/projects/${id}/milestones/approval/complete`, { completedOn: '2023-06-01' }, complete);
    expect(repeat).toMatchObject({ status: 200, body: done.body });

    const reused = await http('POST', `${api.baseUrl}/projects/${id}/milestones/approval/complete`, { completedOn: '2023-05-01' }, complete);
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' } });
  });

  it('shows the project as the ledger had recorded it by the end of an earlier day', async () => {
    const live = await startApi(); // recording happens on the real clock, so asOf is asked against it
    try {
      const { body } = await http('POST', `${live.baseUrl}/projects`, registration);
      const id = body.id as string;
      const now = new Date();
      const yesterday = new Date(now.getTime() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      const todayRecorded = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const tomorrow = new Date(now.getTime() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      expect((await http('GET', `${live.baseUrl}/projects/${id}?asOf=${yesterday}`)).status).toBe(404);
      expect((await http('GET', `${live.baseUrl}/projects/${id}?asOf=${todayRecorded}`)).body).toMatchObject({ id, version: 1 });
      expect((await http('GET', `${live.baseUrl}/projects/${id}?asOf=${tomorrow}`)).body).toMatchObject({ code: 'INVALID_INPUT', field: 'asOf' });
    } finally {
      await live.close();
    }
  });

  it('maps the rules of the aggregate to 404 and 422, appending nothing', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const id = body.id as string;
    await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'approval', dueDate: '2023-06-30' });
    const before = await countEvents(api.db);
    const cases: Array<[string, unknown, number, string]> = [
      [`/projects/missing-project/milestones`, { key: 'approval', dueDate: '2023-06-30' }, 404, 'PROJECT_NOT_FOUND'],
      [`/projects/${id}/milestones/acceptance/start`, { startedOn: '2024-01-01' }, 404, 'MILESTONE_NOT_FOUND'],
      [`/projects/${id}/milestones/approval/complete`, { completedOn: '2025-06-16' }, 422, 'DATE_IN_FUTURE'],
      [`/projects/${id}/milestones/approval/reschedule`, { dueDate: '2023-06-30', reason: '同日' }, 422, 'RESCHEDULE_SAME_DATE'],
      [`/projects/${id}/milestones/approval/reschedule`, { dueDate: '2023-07-30', reason: '   ' }, 422, 'REASON_REQUIRED'],
      [`/projects/${id}/resume`, {}, 422, 'PROJECT_NOT_SUSPENDED'],
    ];
    for (const [path, payload, status, code] of cases) {
      const reply = await http('POST', `${api.baseUrl}${path}`, payload);
      expect({ path, status: reply.status, code: reply.body.code }).toEqual({ path, status, code });
    }
    expect(await countEvents(api.db)).toBe(before);
    expect((await http('GET', `${api.baseUrl}/projects/nothing-here`)).status).toBe(404);
  });
});

describe('commands without a body', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ clock: fixedClock(`${TODAY}T04:00:00Z`) });
  });
  afterAll(() => api.close());

  it('resumes a suspended project when the optional reason is left out entirely', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const id = body.id as string;
    expect((await http('POST', `${api.baseUrl}/projects/${id}/suspend`, { reason: '资金未到位' })).status).toBe(200);
    const resumed = await fetch(`${api.baseUrl}/projects/${id}/resume`, { method: 'POST', headers: adminHeaders(api.baseUrl) });
    expect(resumed.status).toBe(200);
    expect((await http('GET', `${api.baseUrl}/projects/${id}`)).body).toMatchObject({ status: 'not_started', version: 3 });
  });
});
