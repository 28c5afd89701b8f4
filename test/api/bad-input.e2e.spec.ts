import { fixedClock } from '#libs/portfolio';
import { countEvents, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const valid = {
  name: '明光市人民医院',
  county: 'mingguang',
  category: 'health',
  subType: '医院',
  action: '扩建',
  plan: '滁州市“十四五”公共服务规划',
  plannedStart: '2022-01-01',
  plannedCompletion: '2025-12-31',
  managerEmail: 'li@mingguang.gov.cn',
};

interface BadInput {
  what: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
  status: number;
  field: string;
}

// A fixed id: the table of cases is built when the tests are collected, before beforeAll runs.
const id = 'bad-input-project';

describe('bad input gets a 4xx that names the field, and the log is unchanged', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ clock: fixedClock('2025-06-15T04:00:00Z') });
    const registered = await http('POST', `${api.baseUrl}/projects`, { ...valid, id });
    expect(registered.status).toBe(201);
    await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'approval', dueDate: '2023-06-30' });
  });
  afterAll(() => api.close());

  const register = (patch: Record<string, unknown>) => ({ ...valid, ...patch });
  const cases = (): BadInput[] => [
    { what: 'name of the wrong type', path: '/projects', body: register({ name: 42 }), status: 400, field: 'name' },
    { what: 'empty name', path: '/projects', body: register({ name: '' }), status: 400, field: 'name' },
    { what: 'name of 10 kB', path: '/projects', body: register({ name: '校'.repeat(10_240) }), status: 400, field: 'name' },
    { what: 'unknown county', path: '/projects', body: register({ county: 'shanghai' }), status: 400, field: 'county' },
    { what: 'unknown category', path: '/projects', body: register({ category: 'roads' }), status: 400, field: 'category' },
    { what: 'unknown action', path: '/projects', body: register({ action: '拆除' }), status: 400, field: 'action' },
    { what: 'unknown field', path: '/projects', body: register({ budget: 1e9 }), status: 400, field: 'budget' },
    { what: 'impossible date 2025-02-30', path: '/projects', body: register({ plannedStart: '2025-02-30' }), status: 400, field: 'plannedStart' },
    { what: 'date as a number', path: '/projects', body: register({ plannedCompletion: 20251231 }), status: 400, field: 'plannedCompletion' },
    { what: 'bad e-mail', path: '/projects', body: register({ managerEmail: 'not-an-email' }), status: 400, field: 'managerEmail' },
    { what: 'missing e-mail', path: '/projects', body: register({ managerEmail: undefined }), status: 400, field: 'managerEmail' },
    { what: 'id with forbidden characters', path: '/projects', body: register({ id: 'Bad Id!' }), status: 400, field: 'id' },
    { what: 'planned start after planned completion', path: '/projects', body: register({ plannedStart: '2026-01-01' }), status: 422, field: 'plannedCompletion' },
    { what: 'malformed JSON', path: '/projects', body: '{"name": "x",', status: 400, field: 'body' },
    { what: 'a JSON array instead of an object', path: '/projects', body: [valid], status: 400, field: 'body' },
    { what: 'month 13', path: `/projects/${id}/milestones`, body: { key: 'design', dueDate: '2025-13-01' }, status: 400, field: 'dueDate' },
    { what: 'milestone key with capitals', path: `/projects/${id}/milestones`, body: { key: 'Design-Done', dueDate: '2025-10-01' }, status: 400, field: 'key' },
    { what: 'own milestone key without a title', path: `/projects/${id}/milestones`, body: { key: 'land_transfer', dueDate: '2025-10-01' }, status: 400, field: 'title' },
    { what: 'slashes in a date', path: `/projects/${id}/milestones/approval/start`, body: { startedOn: '2023/03/01' }, status: 400, field: 'startedOn' },
    { what: 'missing completion date', path: `/projects/${id}/milestones/approval/complete`, body: {}, status: 400, field: 'completedOn' },
    { what: 'note over 500 characters', path: `/projects/${id}/milestones/approval/complete`, body: { completedOn: '2023-05-01', note: '备'.repeat(501) }, status: 400, field: 'note' },
    { what: 'reschedule without reason (a business rule: 422)', path: `/projects/${id}/milestones/approval/reschedule`, body: { dueDate: '2023-09-30' }, status: 422, field: 'reason' },
    { what: 'suspend with an empty reason', path: `/projects/${id}/suspend`, body: { reason: '' }, status: 422, field: 'reason' },
    { what: 'reason that is not text', path: `/projects/${id}/cancel`, body: { reason: 42 }, status: 400, field: 'reason' },
    { what: 'a NUL character in a note', path: `/projects/${id}/milestones/approval/complete`, body: { completedOn: '2023-05-01', note: 'a\u0000b' }, status: 400, field: 'note' },
    { what: 'half a surrogate pair in a name', path: '/projects', body: '{"name":"\\ud800","county":"laian","category":"education","subType":"小学","action":"新建","plan":"p","managerEmail":"a@b.cn"}', status: 400, field: 'name' },
    { what: 'JSON nested 20,000 levels deep', path: '/projects', body: `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, status: 400, field: 'body' },
    { what: 'If-Match on a project that does not exist (404 before 409)', path: '/projects/no-such-project/milestones', body: { key: 'design', dueDate: '2025-10-01' }, headers: { 'If-Match': '"3"' }, status: 404, field: 'id' },
    { what: 'correcting a date that is not a recorded date', path: `/projects/${id}/milestones/approval/correct-date`, body: { field: 'dueDate', date: '2023-05-01', reason: '录入错误' }, status: 400, field: 'field' },
    { what: 'If-Match that is not a version', path: `/projects/${id}/milestones/approval/start`, body: { startedOn: '2023-03-01' }, headers: { 'If-Match': 'abc' }, status: 400, field: 'If-Match' },
    { what: 'negative If-Match version', path: `/projects/${id}/milestones/approval/start`, body: { startedOn: '2023-03-01' }, headers: { 'If-Match': '"-1"' }, status: 400, field: 'If-Match' },
    { what: 'Idempotency-Key with spaces', path: `/projects/${id}/milestones/approval/start`, body: { startedOn: '2023-03-01' }, headers: { 'Idempotency-Key': 'two words' }, status: 400, field: 'Idempotency-Key' },
    { what: 'Idempotency-Key of 201 characters', path: `/projects/${id}/milestones/approval/start`, body: { startedOn: '2023-03-01' }, headers: { 'Idempotency-Key': 'k'.repeat(201) }, status: 400, field: 'Idempotency-Key' },
    { what: 'project id with forbidden characters', path: '/projects/bad%20id!/milestones', body: { key: 'design', dueDate: '2025-10-01' }, status: 400, field: 'id' },
    { what: 'milestone key with forbidden characters in the path', path: `/projects/${id}/milestones/Approval!/start`, body: { startedOn: '2023-03-01' }, status: 400, field: 'key' },
    { what: 'asOf that is not a date', method: 'GET', path: `/projects/${id}?asOf=yesterday`, status: 400, field: 'asOf' },
    { what: 'a body over 100 kB', path: '/projects', body: register({ sourceRef: 'x'.repeat(120_000) }), status: 413, field: 'body' },
  ];

  it('has at least 20 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases().map((c) => [c.what, c] as const))('%s', async (_what, bad) => {
    const before = await countEvents(api.db);
    const reply = await http(bad.method ?? 'POST', `${api.baseUrl}${bad.path}`, bad.body, bad.headers);
    expect({ status: reply.status, field: reply.body.field }).toEqual({ status: bad.status, field: bad.field });
    expect(String(reply.body.message).toLowerCase()).toContain(bad.field.toLowerCase());
    expect(await countEvents(api.db)).toBe(before);
  });
});
