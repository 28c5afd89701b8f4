import { EventStore } from '#libs/event-store';
import type { Clock, ProjectCommand } from '#libs/portfolio';
import { PortfolioProjector, ProjectionRunner } from '#libs/projections';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { recordOn } from '../support/backdated-ledger.js';

let now = new Date('2025-06-15T04:00:00Z');
const movableClock: Clock = { now: () => new Date(now) };

const register = (projectId: string, county: string, category: string): ProjectCommand => ({
  type: 'registerProject',
  projectId,
  name: `${projectId} 测试项目`,
  county,
  category,
  subType: '测试',
  action: '新建',
  plan: '测试台账',
  plannedStart: '2025-01-01',
  plannedCompletion: '2025-12-31',
  managerEmail: 'pm@example.gov.cn',
});
const plan = (key: string, dueDate: string): ProjectCommand => ({ type: 'planMilestone', key, dueDate });
const complete = (key: string, completedOn: string): ProjectCommand => ({ type: 'completeMilestone', key, completedOn });

type Figures = Record<string, unknown>;
type Counties = { counties: Array<Figures & { slug: string; byCategory: Figures[] }> };

/**
 * A small ledger whose figures are worked out by hand, recorded over several days:
 * laian-1 (education): approval due 02-28 done 03-03 (recorded 03-05); groundbreaking due 04-30
 *   done 04-25 but only recorded 06-01; acceptance due 09-30.
 * laian-2 (health): approval due 03-31, never done.
 * fengyang-3 (education): approval due 05-31; suspended on 05-10.
 * fengyang-4 (eldercare): no milestones; cancelled on 05-20.
 */
describe('county completion view, portfolio, trends, asOf and effectiveAt', () => {
  let api: ApiUnderTest;
  const get = <T = Figures>(path: string) => http<T>('GET', `${api.baseUrl}${path}`);
  const county = async (slug: string, query = '') => (await get<Counties>(`/counties${query}`)).body.counties.find((c) => c.slug === slug)!;

  beforeAll(async () => {
    api = await startApi({ clock: movableClock, environment: { MIN_POSITION_WAIT_MS: '300' } });
    const pool = api.db.pool;
    await recordOn(pool, '2025-01-10', 'laian-1', register('laian-1', 'laian', 'education'));
    await recordOn(pool, '2025-01-10', 'laian-1', plan('approval', '2025-02-28'));
    await recordOn(pool, '2025-01-10', 'laian-1', plan('groundbreaking', '2025-04-30'));
    await recordOn(pool, '2025-01-10', 'laian-1', plan('acceptance', '2025-09-30'));
    await recordOn(pool, '2025-01-10', 'laian-2', register('laian-2', 'laian', 'health'));
    await recordOn(pool, '2025-01-10', 'laian-2', plan('approval', '2025-03-31'));
    await recordOn(pool, '2025-02-01', 'fengyang-3', register('fengyang-3', 'fengyang', 'education'));
    await recordOn(pool, '2025-02-01', 'fengyang-3', plan('approval', '2025-05-31'));
    await recordOn(pool, '2025-02-01', 'fengyang-4', register('fengyang-4', 'fengyang', 'eldercare'));
    await recordOn(pool, '2025-03-05', 'laian-1', complete('approval', '2025-03-03'));
    await recordOn(pool, '2025-05-10', 'fengyang-3', { type: 'suspendProject', reason: '资金未到位' });
    await recordOn(pool, '2025-05-20', 'fengyang-4', { type: 'cancelProject', reason: '规划调整' });
    await recordOn(pool, '2025-06-01', 'laian-1', complete('groundbreaking', '2025-04-25'));
    const runner = new ProjectionRunner(pool, new EventStore(pool), new PortfolioProjector(), { batchSize: 4 });
    while ((await runner.runBatch()) > 0);
  });
  afterAll(() => api.close());
  afterEach(() => {
    now = new Date('2025-06-15T04:00:00Z');
  });

  it('gives every county its completion against 序时进度, overdue counts and categories, today', async () => {
    const reply = await get<Counties & { day: string }>('/counties');
    expect(reply.status).toBe(200);
    expect(Number(reply.headers.get('x-log-position'))).toBeGreaterThan(0);
    expect(reply.body.day).toBe('2025-06-15');
    expect(reply.body.counties.map((c) => c.slug)).toEqual(['city', 'langya', 'nanqiao', 'laian', 'quanjiao', 'dingyuan', 'fengyang', 'tianchang', 'mingguang']);
    const laian = reply.body.counties.find((c) => c.slug === 'laian')!;
    expect(laian).toMatchObject({
      name: '来安县',
      code: '341122',
      projects: 2,
      byStatus: { not_started: 1, in_progress: 1, completed: 0, suspended: 0, cancelled: 0 },
      completionRate: 0,
      milestones: 4,
      milestonesDone: 2,
      milestoneCompletionRate: 0.5,
      milestonesDue: 3,
      scheduleRate: 0.75,
      aheadOfSchedulePoints: -25,
      overdueMilestones: 1,
      overdueProjects: 1,
      lastActivityAt: '2025-06-01T02:00:00.000Z',
    });
    expect(laian.byCategory).toEqual([
      expect.objectContaining({ category: 'education', projects: 1, milestones: 3, milestonesDone: 2, milestonesDue: 2, overdueMilestones: 0 }),
      expect.objectContaining({ category: 'health', projects: 1, milestones: 1, milestonesDone: 0, milestonesDue: 1, overdueMilestones: 1 }),
    ]);
    expect(await county('fengyang')).toMatchObject({
      projects: 1,
      byStatus: { not_started: 0, in_progress: 0, completed: 0, suspended: 1, cancelled: 1 },
      milestones: 1,
      milestonesDue: 1,
      overdueMilestones: 0,
      overdueProjects: 0,
    });
    expect(await county('city')).toMatchObject({ projects: 0, milestones: 0, scheduleRate: 0, lastActivityAt: null });
  });

  it('counts a milestone overdue the day after its due date passes, with no new event', async () => {
    now = new Date('2025-10-05T04:00:00Z');
    expect(await county('laian')).toMatchObject({ milestonesDue: 4, scheduleRate: 1, overdueMilestones: 2, overdueProjects: 2 });
    now = new Date('2025-09-30T15:59:00Z'); // 23:59 on 09-30 in Shanghai: due today is not overdue yet
    expect(await county('laian')).toMatchObject({ overdueMilestones: 1 });
    now = new Date('2025-09-30T16:00:00Z'); // midnight in Shanghai
    expect(await county('laian')).toMatchObject({ overdueMilestones: 2 });
  });

  it('answers asOf with what had been recorded by the end of that day', async () => {
    expect(await county('laian', '?asOf=2025-04-30')).toMatchObject({
      projects: 2,
      byStatus: { not_started: 1, in_progress: 1 },
      milestonesDone: 1,
      milestonesDue: 3,
      overdueMilestones: 1,
      overdueProjects: 1,
      lastActivityAt: '2025-03-05T02:00:00.000Z',
    });
    expect(await county('fengyang', '?asOf=2025-04-30')).toMatchObject({
      projects: 2,
      byStatus: { not_started: 2, suspended: 0, cancelled: 0 },
      milestonesDue: 0,
    });
    // On 03-04 the approval done on 03-03 had not been reported: the ledger showed it overdue.
    expect(await county('laian', '?asOf=2025-03-04')).toMatchObject({ milestonesDone: 0, overdueMilestones: 1, overdueProjects: 1 });
    expect(await county('laian', '?asOf=2025-01-09')).toMatchObject({ projects: 0, milestones: 0, lastActivityAt: null });
  });

  it('answers effectiveAt by business dates, counting a late-reported completion when it happened', async () => {
    expect(await county('laian', '?effectiveAt=2025-04-30')).toMatchObject({ milestonesDone: 2, milestonesDue: 3, overdueMilestones: 1 });
    expect(await county('laian', '?effectiveAt=2025-03-04')).toMatchObject({ milestonesDone: 1, overdueMilestones: 0, overdueProjects: 0 });
    expect(await county('fengyang', '?effectiveAt=2025-04-30')).toMatchObject({ byStatus: { suspended: 1, cancelled: 1 } });
  });

  it('shows one project as recorded by a day, and as it stood on a business date', async () => {
    type View = { version: number; status: string; milestones: Array<{ key: string; completedOn: string | null; overdue: boolean; daysLate: number }> };
    const approval = (view: View) => view.milestones.find((m) => m.key === 'approval');
    const recorded = (await get<View>('/projects/laian-1?asOf=2025-03-04')).body;
    expect(recorded).toMatchObject({ version: 4, status: 'not_started' });
    expect(approval(recorded)).toMatchObject({ completedOn: null, overdue: true, daysLate: 4 });
    const business = (await get<View>('/projects/laian-1?effectiveAt=2025-03-04')).body;
    expect(business).toMatchObject({ version: 6, status: 'in_progress' });
    expect(approval(business)).toMatchObject({ completedOn: '2025-03-03', overdue: false });
    expect(business.milestones.find((m) => m.key === 'groundbreaking')).toMatchObject({ completedOn: null, overdue: false });
  });

  it('gives one county with a page of its projects, now and as of a day', async () => {
    const laian = await get<Figures & { projectList: { total: number; items: Figures[] } }>('/counties/laian?sort=days_late&order=desc');
    expect(laian.body).toMatchObject({ slug: 'laian', projects: 2, overdueMilestones: 1, projectList: { total: 2 } });
    expect(laian.body.projectList.items.map((p) => [p.id, p.rag, p.daysLate])).toEqual([
      ['laian-2', 'red', 76],
      ['laian-1', 'green', 0],
    ]);
    const then = await get<Figures & { projectList: { items: Figures[] } }>('/counties/laian?asOf=2025-04-30&sort=days_late&order=desc');
    expect(then.body.projectList.items.map((p) => [p.id, p.rag, p.daysLate, p.milestonesDone])).toEqual([
      ['laian-2', 'amber', 30, 0],
      ['laian-1', 'amber', 0, 1],
    ]);
    expect((await get('/counties/laian?asOf=2025-01-09')).body).toMatchObject({ projects: 0, projectList: { total: 0, items: [] } });
    expect((await get('/projects?asOf=2025-04-30&county=laian&overdue=true')).body).toMatchObject({ total: 1, items: [{ id: 'laian-2', daysLate: 30 }] });
  });

  it('gives the city-wide overview with RAG lights and the most overdue projects', async () => {
    const overview = (await get('/portfolio')).body;
    expect(overview).toMatchObject({
      day: '2025-06-15',
      projects: 3,
      byStatus: { not_started: 1, in_progress: 1, completed: 0, suspended: 1, cancelled: 1 },
      milestones: 5,
      milestonesDone: 2,
      milestonesDue: 4,
      overdueMilestones: 1,
      rag: { red: 1, amber: 0, green: 2 },
      syntheticProjects: 0,
      mostOverdue: [{ id: 'laian-2', daysLate: 76, nextMilestone: '立项批复', rag: 'red', county: 'laian' }],
    });
    expect(overview.counties).toHaveLength(9);
    expect((await get('/portfolio?asOf=2025-04-30')).body).toMatchObject({
      projects: 4,
      rag: { red: 0, amber: 2, green: 2 },
      mostOverdue: [{ id: 'laian-2', daysLate: 30 }],
    });
    expect((await get('/portfolio?effectiveAt=2025-04-30')).body).toMatchObject({ milestonesDone: 2, rag: null, mostOverdue: null });
  });

  it('gives monthly trend series by business dates, per county and city-wide', async () => {
    const series = (await get<{ points: Figures[] }>('/counties/laian/trend?from=2025-01-01')).body.points;
    expect(series.map((p) => [p.date, p.milestonesDone, p.milestonesDue, p.overdueMilestones, p.overdueProjects])).toEqual([
      ['2025-01-31', 0, 0, 0, 0],
      ['2025-02-28', 0, 1, 0, 0],
      ['2025-03-31', 1, 2, 0, 0],
      ['2025-04-30', 2, 3, 1, 1],
      ['2025-05-31', 2, 3, 1, 1],
      ['2025-06-15', 2, 3, 1, 1],
    ]);
    const city = (await get<{ points: Figures[] }>('/portfolio/trend?from=2025-04-01&interval=week')).body.points;
    expect(city.slice(0, 2).map((p) => [p.date, p.milestonesDue])).toEqual([
      ['2025-04-06', 2],
      ['2025-04-13', 2],
    ]);
    expect(city.at(-1)).toMatchObject({ date: '2025-06-15', milestonesDue: 4, milestonesDone: 2, overdueMilestones: 1 });
  });

  it('refuses bad queries with a 4xx naming the field', async () => {
    expect((await get('/counties/nowhere')).body).toMatchObject({ statusCode: 404, code: 'COUNTY_NOT_FOUND', field: 'slug' });
    expect((await get('/counties?asOf=2025-04-30&effectiveAt=2025-04-30')).body).toMatchObject({ statusCode: 400, field: 'asOf' });
    expect((await get('/portfolio?effectiveAt=2025-06-16')).body).toMatchObject({ statusCode: 400, field: 'effectiveAt' });
    expect((await get('/counties?asOf=2025-02-30')).body).toMatchObject({ statusCode: 400, field: 'asOf' });
    expect((await get('/portfolio/trend?interval=year')).body).toMatchObject({ statusCode: 400, field: 'interval' });
    expect((await get('/counties/laian/trend?from=2025-07-01')).body).toMatchObject({ statusCode: 400, field: 'from' });
    const behind = await get('/counties?minPosition=999999');
    expect(behind).toMatchObject({ status: 503, body: { code: 'READ_MODEL_BEHIND', field: 'minPosition' } });
  });
});
