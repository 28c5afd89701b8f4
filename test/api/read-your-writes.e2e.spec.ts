import { EventStore } from '#libs/event-store';
import { ProjectionRunner, PortfolioProjector } from '#libs/projections';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const registration = {
  name: '全椒县第三中学', county: 'quanjiao', category: 'education', subType: '初中', action: '新建',
  plan: '测试', managerEmail: 'pm@quanjiao.example.gov.cn',
};

describe('read your writes with minPosition', () => {
  let api: ApiUnderTest;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    api = await startApi({ environment: { MIN_POSITION_WAIT_MS: '3000' } });
    runner = new ProjectionRunner(api.db.pool, new EventStore(api.db.pool), new PortfolioProjector(), { pollMs: 1000 });
  });
  afterAll(async () => {
    await runner.stop();
    await api.close();
  });

  it('answers 503 naming minPosition when the read model has not got there in time', async () => {
    const { body } = await http('POST', `${api.baseUrl}/projects`, { ...registration, name: '全椒县第一中学' });
    const reply = await http('GET', `${api.baseUrl}/projects?minPosition=${body.position}`);
    expect(reply.body).toMatchObject({ statusCode: 503, code: 'READ_MODEL_BEHIND', field: 'minPosition' });
    expect(reply.headers.get('retry-after')).toBe('1');
  });

  it('waits until the projector has applied the write, then shows it', async () => {
    runner.start();
    const { body } = await http('POST', `${api.baseUrl}/projects`, registration);
    const reply = await http<{ items: Array<{ id: string; version: number }> }>('GET', `${api.baseUrl}/projects?q=第三中学&minPosition=${body.position}`);
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([expect.objectContaining({ id: body.id, version: 1 })]);
    expect(Number(reply.headers.get('x-log-position'))).toBeGreaterThanOrEqual(body.position as number);
  });
});
