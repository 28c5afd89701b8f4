import { EventStore } from '#libs/event-store';
import type { Clock } from '#libs/portfolio';
import { ProjectionRunner, PortfolioProjector } from '#libs/projections';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

type Listed = { total: number; items: Array<{ name: string; rag: string; overdueCount: number; daysLate: number; status: string; nextDueDate: string | null }> };

let now = new Date('2025-06-15T04:00:00Z');
const movableClock: Clock = { now: () => new Date(now) };

describe('GET /api/projects from the read model', () => {
  let api: ApiUnderTest;
  const list = async (query: string) => http<Listed>('GET', `${api.baseUrl}/projects?${query}`);
  const names = (reply: { body: Listed }) => reply.body.items.map((i) => i.name);
  let runner: ProjectionRunner;
  const project = async (name: string, county: string, dueDate: string) => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, {
      name, county, category: 'education', subType: '小学', action: '启用', plan: '测试', managerEmail: 'pm@example.gov.cn',
    });
    await http('POST', `${api.baseUrl}/projects/${body.id}/milestones`, { key: 'approval', dueDate });
    return body.id as string;
  };
  const projectAll = async () => {
    while ((await runner.runBatch()) > 0);
  };

  beforeAll(async () => {
    api = await startApi({ clock: movableClock });
    runner = new ProjectionRunner(api.db.pool, new EventStore(api.db.pool), new PortfolioProjector());
    await project('甲 两周逾期', 'laian', '2025-06-01');
    await project('乙 逾期七十五天', 'laian', '2025-04-01');
    await project('丙 即将到期未开工', 'fengyang', '2025-06-20');
    const done = await project('丁 已完成', 'fengyang', '2025-12-01');
    await http('POST', `${api.baseUrl}/projects/${done}/milestones/approval/complete`, { completedOn: '2025-06-01' });
    await project('戊 九月到期', 'city', '2025-09-30');
    await projectAll();
  });
  afterAll(() => api.close());

  it('lists, filters and says which log position it reflects', async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    expect(Number(all.headers.get('x-log-position'))).toBeGreaterThan(0);
    expect(names(await list('county=laian'))).toEqual(['乙 逾期七十五天', '甲 两周逾期']);
    expect(names(await list('overdue=true&sort=days_late&order=desc'))).toEqual(['乙 逾期七十五天', '甲 两周逾期']);
    expect(names(await list('status=completed'))).toEqual(['丁 已完成']);
    expect(names(await list('q=即将'))).toEqual(['丙 即将到期未开工']);
    expect((await list('limit=2&page=2')).body).toMatchObject({ total: 5, items: [expect.anything(), expect.anything()] });
  });

  it('lights projects red, amber and green as design §3 says', async () => {
    const byName = Object.fromEntries((await list('limit=10')).body.items.map((i) => [i.name, i]));
    expect(byName['甲 两周逾期']).toMatchObject({ rag: 'amber', overdueCount: 1, daysLate: 14 });
    expect(byName['乙 逾期七十五天']).toMatchObject({ rag: 'red', overdueCount: 1, daysLate: 75 });
    expect(byName['丙 即将到期未开工']).toMatchObject({ rag: 'amber', overdueCount: 0, nextDueDate: '2025-06-20' });
    expect(byName['丁 已完成']).toMatchObject({ rag: 'green', status: 'completed' });
    expect(byName['戊 九月到期']).toMatchObject({ rag: 'green', overdueCount: 0 });
    expect(names(await list('rag=red'))).toEqual(['乙 逾期七十五天']);
  });

  it('changes overdue and RAG when the date passes a due date, with no new event', async () => {
    now = new Date('2025-10-05T04:00:00Z');
    const byName = Object.fromEntries((await list('limit=10')).body.items.map((i) => [i.name, i]));
    expect(byName['戊 九月到期']).toMatchObject({ rag: 'amber', overdueCount: 1, daysLate: 5 });
    now = new Date('2025-11-15T04:00:00Z');
    expect((await list('q=九月')).body.items[0]).toMatchObject({ rag: 'red', daysLate: 46 });
  });

  it('names the bad query parameter', async () => {
    expect((await list('limit=0')).body).toMatchObject({ statusCode: 400, field: 'limit' });
    expect((await list('overdue=maybe')).body).toMatchObject({ statusCode: 400, field: 'overdue' });
    expect((await list('sort=budget')).body).toMatchObject({ statusCode: 400, field: 'sort' });
  });

  it('answers a repeated query from its memo until the projection moves, and never keeps a rejected query', async () => {
    const first = await list('county=fengyang');
    const again = await list('county=fengyang');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-log-position')).toBe(first.headers.get('x-log-position'));
    for (let i = 0; i < 2; i++) expect((await list('county=fengyang&limit=many')).body).toMatchObject({ statusCode: 400, field: 'limit' });

    await project('己 新登记', 'fengyang', '2026-03-01');
    await projectAll();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the gate reads the checkpoint at most every 50 ms
    const after = await list('county=fengyang');
    expect(after.body.total).toBe(first.body.total + 1);
    expect(Number(after.headers.get('x-log-position'))).toBeGreaterThan(Number(first.headers.get('x-log-position')));
  });
});
