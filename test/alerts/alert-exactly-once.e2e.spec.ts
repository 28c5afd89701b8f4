import type { INestApplicationContext } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { digestJobId, queueDigests, runOverdueAlerts } from '#libs/alerts';
import { EventStore } from '#libs/event-store';
import { today, type Clock } from '#libs/portfolio';
import { PortfolioProjector, ProjectionRunner } from '#libs/projections';
import { QueueName } from '#libs/queues';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.js';
import { testRedisUrl } from '../support/test-database.js';
import { QUICK_ALERTS, startWorker } from '../support/worker-under-test.js';

type Digests = { total: number; items: Array<{ recipient: string; level: string; day: string; status: string; attempts: number; lastError: string | null }> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** A fresh API with no county leads or leadership (only managers hear: one L1 digest per manager) and projects overdue since 2026-01-15. */
async function ledgerWithOverdueProjects(managers: string[], clock?: Clock): Promise<ApiUnderTest> {
  const api = await startApi({ clock });
  expect((await http('PUT', `${api.baseUrl}/recipients`, { recipients: [] })).status).toBe(200);
  for (const [i, managerEmail] of managers.entries()) {
    const { body } = await http('POST', `${api.baseUrl}/projects`, {
      name: `测试项目${i + 1}`, county: 'quanjiao', category: 'eldercare', subType: '养老院', action: '新建', plan: '测试', managerEmail,
    });
    await http('POST', `${api.baseUrl}/projects/${body.id}/milestones`, { key: 'approval', dueDate: '2026-01-15' });
  }
  return api;
}

const digests = async (api: ApiUnderTest, query = '') => (await http<Digests>('GET', `${api.baseUrl}/alerts?${query}`)).body;
const scan = async (api: ApiUnderTest) => expect((await http('POST', `${api.baseUrl}/alerts/scan`, {})).status).toBe(202);

describe('each digest is delivered exactly once', () => {
  let api: ApiUnderTest;
  let smtp: SmtpCatcher;
  const workers: INestApplicationContext[] = [];

  beforeEach(async () => {
    smtp = await startSmtpCatcher();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.close();
    await api?.close();
    await smtp.close();
  });

  it('two workers and two scans at once send each manager one digest', async () => {
    api = await ledgerWithOverdueProjects(['a@quanjiao.example.gov.cn', 'b@quanjiao.example.gov.cn', 'c@quanjiao.example.gov.cn']);
    workers.push(await startWorker(api, { SMTP_URL: smtp.url }), await startWorker(api, { SMTP_URL: smtp.url }));
    await Promise.all([scan(api), scan(api)]);
    await smtp.waitForMails(3);
    await sleep(1500);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['a@quanjiao.example.gov.cn', 'b@quanjiao.example.gov.cn', 'c@quanjiao.example.gov.cn']);
    expect((await digests(api, 'status=sent')).total).toBe(3);
  });

  it('an SMTP server that fails twice and then accepts receives the digest once, on the third attempt', async () => {
    api = await ledgerWithOverdueProjects(['pm@quanjiao.example.gov.cn']);
    smtp.failNext(2);
    workers.push(await startWorker(api, { SMTP_URL: smtp.url }));
    await scan(api);
    await smtp.waitForMails(1);
    await sleep(1000);
    expect(smtp.mails).toHaveLength(1);
    expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'sent', attempts: 3, lastError: expect.stringContaining('try again later') })]);
  });

  it('a digest SMTP never accepts stays visible as failed, with its error', async () => {
    api = await ledgerWithOverdueProjects(['pm@quanjiao.example.gov.cn']);
    smtp.failNext(100);
    workers.push(await startWorker(api, { SMTP_URL: smtp.url, ALERT_SEND_ATTEMPTS: '3' }));
    await scan(api);
    const failed = await eventually(() => digests(api, 'status=failed'), (d) => d.total === 1);
    expect(failed.items[0]).toMatchObject({ recipient: 'pm@quanjiao.example.gov.cn', attempts: 3, lastError: expect.stringContaining('451') });
    expect(smtp.mails).toHaveLength(0);
  });

  it('a worker killed while it sends loses nothing: another worker sends the digest once', async () => {
    api = await ledgerWithOverdueProjects(['pm@quanjiao.example.gov.cn']);
    const hanging = await startSmtpCatcher();
    hanging.hang(true);
    const child = startWorkerProcess(api, hanging.url);
    try {
      await scan(api);
      await eventually(async () => hanging.started(), (n) => n >= 1, 30_000);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);

      workers.push(await startWorker(api, { SMTP_URL: smtp.url }));
      await smtp.waitForMails(1, 20_000);
      await sleep(1500);
      expect(smtp.mails).toHaveLength(1);
      expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    } finally {
      child.kill('SIGKILL');
      await hanging.close();
    }
  });

  it('a worker asked to shut down finishes the digest it is sending before it stops', async () => {
    api = await ledgerWithOverdueProjects(['slow@quanjiao.example.gov.cn']);
    smtp.delay(1500);
    const worker = await startWorker(api, { SMTP_URL: smtp.url });
    await scan(api);
    await eventually(async () => smtp.started(), (n) => n >= 1);
    await worker.close();
    expect(smtp.mails).toHaveLength(1);
    expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
  });

  it('a delivery job BullMQ gave up on while its digest is still pending is started again by the sweep, and sends once', async () => {
    api = await ledgerWithOverdueProjects([]);
    await api.db.pool.query(`INSERT INTO alert_digests (recipient, level, day, items, item_count) VALUES ('late@quanjiao.example.gov.cn', 'L1', '2026-11-02', '[]', 0)`);
    const deliveries = new Queue(QueueName.AlertDelivery, { connection: { url: testRedisUrl() }, prefix: api.queuePrefix });
    const key = { recipient: 'late@quanjiao.example.gov.cn', level: 'L1' as const, day: '2026-11-02' };
    await queueDigests(deliveries, [key], { attempts: 1, delayMs: 100 });
    const failing = new Worker(QueueName.AlertDelivery, async () => Promise.reject(new Error('worker lost its lock')), { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix: api.queuePrefix });
    try {
      await eventually(() => deliveries.getJobState(digestJobId(key)), (state) => state === 'failed');
      await failing.close();
      expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'pending' })]);

      workers.push(await startWorker(api, { SMTP_URL: smtp.url }));
      const [mail] = await smtp.waitForMails(1);
      expect(mail.to).toEqual(['late@quanjiao.example.gov.cn']);
      await sleep(1500);
      expect(smtp.mails).toHaveLength(1);
      expect((await digests(api)).items).toEqual([expect.objectContaining({ status: 'sent' })]);
    } finally {
      await failing.close();
      await deliveries.close();
    }
  });

  it('digests written to the outbox whose jobs Redis lost are queued again and sent once', async () => {
    api = await ledgerWithOverdueProjects(['x@quanjiao.example.gov.cn', 'y@quanjiao.example.gov.cn']);
    const runner = new ProjectionRunner(api.db.pool, new EventStore(api.db.pool), new PortfolioProjector());
    while ((await runner.runBatch()) > 0);
    const deliveries = new Queue(QueueName.AlertDelivery, { connection: { url: testRedisUrl() }, prefix: api.queuePrefix });
    try {
      const run = await runOverdueAlerts(api.db.pool, deliveries, today({ now: () => new Date() }), {
        escalation: { countyLeadDays: 7, leadershipDays: 30 },
        retries: { attempts: 3, delayMs: 100 },
        catchUpMs: 1000,
        listed: 200,
      });
      expect(run).toMatchObject({ overdueMilestones: 2, digestsWritten: 2, digestsQueued: 2 });
      await deliveries.obliterate({ force: true });
      expect(await deliveries.count()).toBe(0);

      workers.push(await startWorker(api, { SMTP_URL: smtp.url }));
      await smtp.waitForMails(2);
      await sleep(1500);
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['x@quanjiao.example.gov.cn', 'y@quanjiao.example.gov.cn']);
    } finally {
      await deliveries.close();
    }
  });
});

describe('the scan’s day is the day in Shanghai', () => {
  let now = new Date('2026-03-01T23:30:00Z');
  const clock: Clock = { now: () => new Date(now) };
  let api: ApiUnderTest;
  let smtp: SmtpCatcher;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    api = await startApi({ clock });
    await http('PUT', `${api.baseUrl}/recipients`, { recipients: [] });
    const plan = async (managerEmail: string) => {
      const { body } = await http('POST', `${api.baseUrl}/projects`, {
        name: managerEmail, county: 'tianchang', category: 'sports', subType: '体育馆', action: '新建', plan: '测试', managerEmail,
      });
      await http('POST', `${api.baseUrl}/projects/${body.id}/milestones`, { key: 'approval', dueDate: '2026-03-01' });
      return body.id as string;
    };
    await plan('due@tianchang.example.gov.cn');
    const moved = await plan('moved@tianchang.example.gov.cn');
    now = new Date('2026-03-01T12:00:00Z');
    const rescheduled = await http('POST', `${api.baseUrl}/projects/${moved}/milestones/approval/reschedule`, { dueDate: '2026-04-15', reason: '土地手续延后' });
    expect(rescheduled.body).toMatchObject({ version: 3 });
    worker = await startWorker(api, { SMTP_URL: smtp.url }, clock);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.close();
  });

  it('at 23:30 UTC on the 1st it is the 2nd: a milestone due on the 1st is overdue; one rescheduled before the scan is not', async () => {
    now = new Date('2026-03-01T23:30:00Z');
    await scan(api);
    const [mail] = await smtp.waitForMails(1);
    expect(mail.to).toEqual(['due@tianchang.example.gov.cn']);
    expect(mail.text).toContain('计划 2026-03-01，逾期 1 天');
    await sleep(500);
    expect(smtp.mails).toHaveLength(1);
    expect((await digests(api)).items).toEqual([expect.objectContaining({ day: '2026-03-02', level: 'L1', status: 'sent' })]);
  });
});

/** The built worker as its own process (`npm test` builds first), so that it can be killed outright. */
function startWorkerProcess(api: ApiUnderTest, smtpUrl: string): ChildProcess {
  const main = fileURLToPath(new URL('../../dist/apps/worker/src/main.js', import.meta.url));
  return spawn(process.execPath, [main], {
    env: { ...process.env, ...QUICK_ALERTS, DATABASE_URL: api.db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: api.queuePrefix, SMTP_URL: smtpUrl, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
}
