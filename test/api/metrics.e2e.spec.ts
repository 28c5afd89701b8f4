import { adminHeaders, countEvents, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const rootOf = (api: ApiUnderTest) => api.baseUrl.replace(/\/api$/, '');

async function scrape(api: ApiUnderTest): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(`${rootOf(api)}/metrics`, { headers: adminHeaders(api.baseUrl) });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** Sample lines of the exposition format, keyed by name and labels. */
function samples(text: string): Map<string, number> {
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return new Map(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
}

async function registerProject(api: ApiUnderTest, name: string): Promise<string> {
  const { status, body } = await http('POST', `${api.baseUrl}/projects`, {
    name, county: 'laian', category: 'education', subType: '小学', action: '启用', plan: '测试', managerEmail: 'pm@example.gov.cn',
  });
  expect(status).toBe(201);
  return body.id as string;
}

describe('GET /metrics', () => {
  let api: ApiUnderTest;
  let other: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
    other = await startApi();
    const id = await registerProject(api, '甲 指标');
    await http('POST', `${api.baseUrl}/projects/${id}/milestones`, { key: 'approval', dueDate: '2025-09-30' });
    await registerProject(api, '乙 指标');
    await registerProject(other, '丙 另一个应用');
    expect(await countEvents(api.db)).toBe(3);
    await api.db.pool.query(`
      INSERT INTO projection_checkpoints (projection, transaction_id, position, events_applied)
      SELECT name, transaction_id, position, position FROM events
      JOIN (VALUES ('caught_up', 3), ('behind', 1)) AS c(name, at) ON position = c.at`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  it('reports the end of the log and how far each projector trails it, in the exposition format', async () => {
    const { status, contentType, text } = await scrape(api);
    expect(status).toBe(200);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE taizhang_event_log_position gauge');
    expect(text).toMatch(/^taizhang_event_log_position 3$/m);
    expect(text).toMatch(/^taizhang_projection_position\{projection="behind"\} 1$/m);
    expect(text).toMatch(/^taizhang_projection_position\{projection="caught_up"\} 3$/m);
    expect(text).toMatch(/^taizhang_projection_lag_events\{projection="behind"\} 2$/m);
    expect(text).toMatch(/^taizhang_projection_lag_events\{projection="caught_up"\} 0$/m);
    expect(text).toMatch(/^taizhang_projection_lag_seconds\{projection="caught_up"\} 0$/m);
    const values = samples(text);
    expect(values.get('taizhang_projection_lag_seconds{projection="behind"}')).toBeGreaterThan(0);
    expect(values.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('reads the values at scrape time', async () => {
    await registerProject(api, '丁 后来的');
    const values = samples((await scrape(api)).text);
    expect(values.get('taizhang_event_log_position')).toBe(4);
    expect(values.get('taizhang_projection_lag_events{projection="caught_up"}')).toBe(1);
  });

  it('shows the alert outbox: digests waiting, how long the oldest has waited, and those given up on', async () => {
    expect(samples((await scrape(api)).text).get('taizhang_alert_digests_pending')).toBe(0);
    await api.db.pool.query(`
      INSERT INTO alert_digests (recipient, level, day, items, item_count, status, created_at) VALUES
        ('a@pm.cn', 'L1', '2026-03-02', '[]', 0, 'pending', now() - interval '90 seconds'),
        ('b@pm.cn', 'L1', '2026-03-02', '[]', 0, 'pending', now()),
        ('c@pm.cn', 'L1', '2026-03-02', '[]', 0, 'failed', now()),
        ('d@pm.cn', 'L1', '2026-03-02', '[]', 0, 'sent', now())`);
    const values = samples((await scrape(api)).text);
    expect(values.get('taizhang_alert_digests_pending')).toBe(2);
    expect(values.get('taizhang_alert_digests_failed')).toBe(1);
    expect(values.get('taizhang_alert_oldest_pending_seconds')).toBeGreaterThanOrEqual(90);
    expect(values.get('taizhang_alert_oldest_pending_seconds')).toBeLessThan(120);
  });

  it('is served outside the /api prefix', async () => {
    expect((await http('GET', `${api.baseUrl}/metrics`)).status).toBe(404);
    expect((await http('GET', `${api.baseUrl}/health`)).status).not.toBe(404);
  });

  it('keeps a registry per app, so two apps in one process neither clash nor share values', async () => {
    const { status, text } = await scrape(other);
    expect(status).toBe(200);
    const values = samples(text);
    expect(values.get('taizhang_event_log_position')).toBe(1);
    expect([...values.keys()].some((key) => key.startsWith('taizhang_projection_position'))).toBe(false);
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
