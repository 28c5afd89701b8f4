import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '#libs/queues';
import { adminHeaders, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

describe('the queue dashboard at /admin/queues', () => {
  let api: ApiUnderTest;
  let origin: string;

  beforeAll(async () => {
    api = await startApi();
    origin = api.baseUrl.replace(/\/api$/, '');
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers with the bull-board page, outside the /api prefix', async () => {
    const response = await fetch(`${origin}/admin/queues`, { headers: adminHeaders(api.baseUrl) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<html/i);
    expect((await fetch(`${origin}/api/admin/queues`, { headers: adminHeaders(api.baseUrl) })).status).toBe(404);
  });

  it('lists every queue by name', async () => {
    const { status, body } = await http<{ queues: { name: string; type: string }[] }>('GET', `${origin}/admin/queues/api/queues`);
    expect(status).toBe(200);
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(new Set(body.queues.map((queue) => queue.type))).toEqual(new Set(['bullmq']));
    // Read-only until sign-in exists: nobody can clean, retry or empty a queue from here.
    expect(new Set(body.queues.map((queue) => (queue as { readOnlyMode?: boolean }).readOnlyMode))).toEqual(new Set([true]));
  });

  it('counts the jobs of the queues Nest registered, under QUEUE_PREFIX', async () => {
    const queue = api.app.get<Queue>(getQueueToken(QueueName.System));
    expect(queue.opts.prefix).toBe(api.queuePrefix);
    await queue.add('dashboard-probe', { note: '看板' }, { delay: 60_000 });
    const { body } = await http<{ queues: { name: string; counts: Record<string, number> }[] }>('GET', `${origin}/admin/queues/api/queues?activeQueue=${QueueName.System}&status=delayed`);
    expect(body.queues.find((q) => q.name === QueueName.System)?.counts.delayed).toBe(1);
  });
});
