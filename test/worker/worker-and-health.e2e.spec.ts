import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStore } from '#libs/event-store';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { testRedisUrl } from '../support/test-database.js';

type Health = { status: string; details: Record<string, { status: string; [k: string]: unknown }> };

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('health of PostgreSQL, Redis, the worker and the event log', () => {
  let api: ApiUnderTest;
  let worker: INestApplicationContext | undefined;
  const health = async () => (await http<Health>('GET', `${api.baseUrl}/health`)).body;

  beforeAll(async () => {
    api = await startApi({ environment: { LOG_STALL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('reports PostgreSQL and Redis up, and the worker once it runs its heartbeat job through BullMQ', async () => {
    const before = await health();
    expect(before.details.postgres.status).toBe('up');
    expect(before.details.redis.status).toBe('up');
    expect(before.details.worker.status).toBe('degraded');

    worker = await NestFactory.createApplicationContext(
      WorkerModule.register({ DATABASE_URL: api.db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: api.queuePrefix, SMTP_URL: 'smtp://127.0.0.1:9' }),
      { logger: false },
    );
    const after = await eventually(health, (h) => h.details.worker.status === 'up');
    expect(after.details.worker).toMatchObject({ status: 'up', lastHeartbeat: expect.any(String) });
    expect(after.status).toBe('ok');
  });

  it('projects what the API writes into the read models while the worker runs', async () => {
    const registered = await http('POST', `${api.baseUrl}/projects`, {
      name: '凤阳县中医院', county: 'fengyang', category: 'health', subType: '中医院', action: '扩建',
      plan: '滁州市“十四五”公共服务规划', managerEmail: 'pm@fengyang.example.gov.cn',
    });
    expect(registered.status).toBe(201);
    await http('POST', `${api.baseUrl}/projects/${registered.body.id}/milestones`, { key: 'approval', dueDate: '2024-01-31' });
    const summary = await eventually(
      async () => (await api.db.pool.query('SELECT version, county, milestones_total FROM project_summaries WHERE project_id = $1', [registered.body.id])).rows[0],
      (row) => row?.version === 2,
      5_000,
    );
    expect(summary).toEqual({ version: 2, county: 'fengyang', milestones_total: 1 });
    const lagOf = (h: Health) => (h.details.projections?.portfolio as { lagSeconds?: number } | undefined)?.lagSeconds;
    const caughtUp = await eventually(health, (h) => lagOf(h) === 0);
    expect(caughtUp.details.projections).toMatchObject({ status: 'up', portfolio: { lagSeconds: 0, position: expect.any(Number) } });
  });

  it('shows a long-open transaction that holds readers of the log back, and clears when it ends', async () => {
    const store = new EventStore(api.db.pool);
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      await store.append('held-open-1', 'no_stream', [{ type: 'test.held', data: {} }], { metadata: { actor: 't', correlationId: 'c', causationId: null, commandId: null } }, client);
      await store.append('committed-after-1', 'no_stream', [{ type: 'test.later', data: {} }], { metadata: { actor: 't', correlationId: 'c', causationId: null, commandId: null } });
      const stalled = await eventually(health, (h) => h.details.eventLog.status === 'degraded', 5_000);
      expect(stalled.details.eventLog).toMatchObject({
        status: 'degraded',
        heldBackEvents: 1,
        oldestOpenTransaction: { ageSeconds: expect.any(Number) },
      });
      expect(String(stalled.details.eventLog.message)).toMatch(/held back by a transaction open for/);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect((await health()).details.eventLog).toMatchObject({ status: 'up', heldBackEvents: 0 });
  });
});
