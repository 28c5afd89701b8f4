import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Clock } from '#libs/portfolio';
import { QueueName } from '#libs/queues';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.js';
import { testRedisUrl } from '../support/test-database.js';
import { startWorker } from '../support/worker-under-test.js';

let now = new Date('2026-03-01T04:00:00Z');
const clock: Clock = { now: () => new Date(now) };
/** 08:00 in Shanghai on that day. */
const eightOClockOn = (day: string) => new Date(`${day}T00:00:00Z`);

describe('overdue alerts, escalating from the manager to the county lead to city leadership', () => {
  let api: ApiUnderTest;
  let smtp: SmtpCatcher;
  let worker: INestApplicationContext;
  let scans: Queue;
  let projectId: string;

  const scan = async () => {
    const { status, body } = await http<{ jobId: string }>('POST', `${api.baseUrl}/alerts/scan`, {});
    expect(status).toBe(202);
    for (;;) {
      const state = await scans.getJobState(body.jobId);
      if (state === 'completed') return;
      if (state === 'failed') throw new Error(`scan ${body.jobId} failed: ${(await scans.getJob(body.jobId))?.failedReason}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const alerts = async (query = '') => (await http<{ total: number; items: Array<Record<string, unknown>> }>('GET', `${api.baseUrl}/alerts?${query}`)).body;
  /** The digests once none is pending: a digest is marked sent just after the SMTP server has it. */
  const settledAlerts = async (query: string) => {
    for (let tries = 0; ; tries++) {
      const listed = await alerts(query);
      if (listed.items.every((item) => item.status !== 'pending') || tries >= 100) return listed;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    api = await startApi({ clock });
    scans = new Queue(QueueName.AlertScan, { connection: { url: testRedisUrl() }, prefix: api.queuePrefix });
    const leads = await http('PUT', `${api.baseUrl}/recipients`, {
      recipients: [
        { role: 'county_lead', county: 'laian', email: 'lead@laian.example.gov.cn', name: '来安县分管负责人' },
        { role: 'county_lead', county: 'fengyang', email: 'lead@fengyang.example.gov.cn' },
        { role: 'city_leadership', email: 'leader@chuzhou.example.gov.cn' },
      ],
    });
    expect(leads.status).toBe(200);
    const registered = await http('POST', `${api.baseUrl}/projects`, {
      name: '来安县第三中学<新校区>', county: 'laian', category: 'education', subType: '高中', action: '新建', plan: '测试', managerEmail: 'pm@laian.example.gov.cn',
    });
    projectId = registered.body.id as string;
    await http('POST', `${api.baseUrl}/projects/${projectId}/milestones`, { key: 'approval', title: '立项批复', dueDate: '2026-03-01' });
    worker = await startWorker(api, { SMTP_URL: smtp.url }, clock);
  });

  afterAll(async () => {
    await worker?.close();
    await scans?.close();
    await api?.close();
    await smtp?.close();
  });

  it('runs the scan every day at 08:00 Shanghai time', async () => {
    const scheduler = await scans.getJobScheduler('daily-overdue-scan');
    expect(scheduler).toMatchObject({ pattern: '0 8 * * *', tz: 'Asia/Shanghai' });
  });

  it('sends nothing while the milestone is not yet late', async () => {
    now = eightOClockOn('2026-03-01');
    await scan();
    expect((await alerts()).total).toBe(0);
  });

  it('the day after the due date: exactly one L1 digest, to the manager, with the milestone in it', async () => {
    now = eightOClockOn('2026-03-02');
    await scan();
    const [mail] = await smtp.waitForMails(1);
    expect(mail.to).toEqual(['pm@laian.example.gov.cn']);
    expect(mail.subject).toBe('【台账·项目负责人提醒】2026-03-02 逾期里程碑 1 项');
    expect(mail.text).toContain('来安县第三中学<新校区>（来安县）— 立项批复，计划 2026-03-01，逾期 1 天');
    expect(mail.text).toContain(`http://127.0.0.1:3000/projects/${projectId}`);
    expect(mail.html).toContain('来安县第三中学&lt;新校区&gt;');
    expect(mail.html).toContain(`href="http://127.0.0.1:3000/projects/${projectId}"`);
    const sent = await settledAlerts('date=2026-03-02');
    expect(sent.items).toEqual([
      expect.objectContaining({ recipient: 'pm@laian.example.gov.cn', level: 'L1', day: '2026-03-02', status: 'sent', itemCount: 1, attempts: 1, messageId: mail.messageId }),
    ]);
    expect(sent.items[0].items).toEqual([
      { projectId, projectName: '来安县第三中学<新校区>', county: 'laian', category: 'education', milestone: 'approval', milestoneTitle: '立项批复', dueDate: '2026-03-01', daysLate: 1 },
    ]);
  });

  it('a second scan the same day sends nothing more', async () => {
    await scan();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails).toHaveLength(1);
  });

  it('at 7 days late the county lead gets an L2 digest; at 30 days city leadership an L3', async () => {
    now = eightOClockOn('2026-03-08');
    await scan();
    await smtp.waitForMails(3);
    const day7 = smtp.mails.slice(1).map((m) => [m.to[0], m.subject]).sort();
    expect(day7).toEqual([
      ['lead@laian.example.gov.cn', '【台账·县区督办】2026-03-08 逾期里程碑 1 项'],
      ['pm@laian.example.gov.cn', '【台账·项目负责人提醒】2026-03-08 逾期里程碑 1 项'],
    ]);
    expect(smtp.mails.find((m) => m.to[0] === 'lead@laian.example.gov.cn')?.text).toContain('逾期 7 天');

    now = eightOClockOn('2026-03-31');
    await scan();
    await smtp.waitForMails(6);
    const day30 = smtp.mails.slice(3).map((m) => m.to[0]).sort();
    expect(day30).toEqual(['lead@laian.example.gov.cn', 'leader@chuzhou.example.gov.cn', 'pm@laian.example.gov.cn']);
    expect(smtp.mails.find((m) => m.to[0] === 'leader@chuzhou.example.gov.cn')?.subject).toBe('【台账·市级督办】2026-03-31 逾期里程碑 1 项');
    expect((await settledAlerts('level=L3')).items).toEqual([expect.objectContaining({ recipient: 'leader@chuzhou.example.gov.cn', day: '2026-03-31', status: 'sent' })]);
    expect((await alerts('recipient=LEAD@laian.example.gov.cn')).total).toBe(2);
  });

  it('a milestone completed before the scan is not alerted', async () => {
    const done = await http('POST', `${api.baseUrl}/projects/${projectId}/milestones/approval/complete`, { completedOn: '2026-03-31' });
    expect(done.body).toMatchObject({ version: 3 });
    now = eightOClockOn('2026-04-01');
    await scan();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails).toHaveLength(6);
    expect((await alerts('date=2026-04-01')).total).toBe(0);
  });
});
