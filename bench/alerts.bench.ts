import { Queue } from 'bullmq';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { composeDigestEmail, digestItemOf, OVERDUE_DIGESTS_SQL, overdueDigestsParameters, requeuePendingDigests, runOverdueAlerts, type Digest, type OverdueAlertsSettings } from '#libs/alerts';
import { Environment } from '#libs/config';
import { QueueName } from '#libs/queues';
import { median } from './append-throughput.js';
import { startNode, stopChild } from './child-process.js';
import { runBenchmark, say } from './entry.js';
import { describeMachine } from './machine.js';
import { machineLine } from './report.js';
import { BARE_OVERDUE_SQL, seedOverdueMilestones } from './overdue-milestones.js';
import { startServices, type BenchServices } from './services.js';

const DAY = '2026-11-29';
const QUEUE_PREFIX = '{bench_alerts}';
const ROUNDS = 3;
const FLOOR = 0.5;
const SEND_CONCURRENCY = Number(process.env.BENCH_SEND_CONCURRENCY ?? 8);

async function main(): Promise<number> {
  const services = await startServices();
  try {
    return await run(services);
  } finally {
    await services.stop();
  }
}

async function run(services: BenchServices): Promise<number> {
  say(machineLine(await describeMachine(services.databaseUrl)));
  const milestones = wholeNumber('BENCH_MILESTONES', 1_000_000);
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 10, application_name: 'taizhang-bench' });
  const queue = new Queue(QueueName.AlertDelivery, { connection: { url: services.redisUrl }, prefix: QUEUE_PREFIX });
  const settings = new Environment();
  const alertSettings: OverdueAlertsSettings = {
    escalation: { countyLeadDays: settings.ALERT_L2_DAYS, leadershipDays: settings.ALERT_L3_DAYS },
    retries: { attempts: settings.ALERT_SEND_ATTEMPTS, delayMs: settings.ALERT_RETRY_DELAY_MS },
    catchUpMs: 1000,
    listed: settings.ALERT_DIGEST_MAX_ROWS,
  };
  try {
    const fixture = await seedOverdueMilestones(pool, DAY, milestones, 0.1);
    say(`fixture: ${fixture.milestones} milestones of ${fixture.projects} projects, ${fixture.overdue} overdue on ${DAY}, ${fixture.managers} managers`);
    say('plan of the bare query:', ...(await explain(pool)).map((line) => `  ${line}`));

    const bare: number[] = [];
    const scan: number[] = [];
    let digests = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const order = round % 2 === 1 ? ['bare', 'scan'] : ['scan', 'bare'];
      for (const which of order) {
        if (which === 'bare') {
          const started = performance.now();
          const { rowCount } = await pool.query(BARE_OVERDUE_SQL, [DAY]);
          bare.push(performance.now() - started);
          if (rowCount !== fixture.overdue) throw new Error(`the bare query read ${rowCount} rows, ${fixture.overdue} are overdue`);
        } else {
          await pool.query('DELETE FROM alert_digests');
          await queue.obliterate({ force: true });
          const started = performance.now();
          const result = await runOverdueAlerts(pool, queue, DAY, alertSettings);
          scan.push(performance.now() - started);
          if (result.overdueMilestones !== fixture.overdue || result.digestsQueued !== result.digestsWritten) throw new Error(`scan: ${JSON.stringify(result)}`);
          digests = result.digestsWritten;
          if ((await queue.getWaitingCount()) !== digests) throw new Error('the queue does not hold one job per digest');
        }
      }
      say(`  round ${round}: bare query ${bare[round - 1].toFixed(0)} ms, scan ${scan[round - 1].toFixed(0)} ms (${digests} digests written and queued)`);
    }
    const scanRatio = median(bare) / median(scan);
    say('plan of the scan (EXPLAIN ANALYZE, rolled back):', ...(await explainScan(pool, alertSettings)).map((line) => `  ${line}`));

    await pool.query('VACUUM (ANALYZE) alert_digests'); // the rounds deleted the outbox twice
    const delivery = await measureDelivery(services, pool, queue, alertSettings.retries, digests);
    const checks = [
      { name: `scan of ${fixture.milestones} milestones (${fixture.overdue} overdue) to ${digests} queued digests vs the bare indexed query, speed`, ratio: scanRatio, detail: `${median(scan).toFixed(0)} ms vs ${median(bare).toFixed(0)} ms` },
      { name: `delivery of ${delivery.sent} digests through the worker vs raw nodemailer sends, per second`, ratio: delivery.worker / delivery.raw, detail: `${delivery.worker.toFixed(0)}/s vs ${delivery.raw.toFixed(0)}/s` },
    ];
    say('', '| measure | measured vs baseline | ratio | floor | verdict |', '|---|---|---:|---:|---|');
    for (const check of checks) say(`| ${check.name} | ${check.detail} | ${check.ratio.toFixed(2)} | ≥ ${FLOOR}× | ${check.ratio >= FLOOR ? 'PASS' : 'FAIL'} |`);
    return checks.every((c) => c.ratio >= FLOOR) ? 0 : 1;
  } finally {
    await queue.close();
    await pool.end();
  }
}

/**
 * Digests per second through the real worker (a child process: outbox row locked, e-mail composed,
 * sent over SMTP, row marked sent) against the same e-mails sent with nodemailer alone, both to a
 * local SMTP server and with the same number of messages in flight.
 */
async function measureDelivery(services: BenchServices, pool: pg.Pool, queue: Queue, retries: { attempts: number; delayMs: number }, count: number) {
  let received = 0;
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 500, onData(stream, _s, done) {
    stream.resume();
    stream.on('end', () => {
      received += 1;
      done();
    });
  } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  try {
    const { rows } = await pool.query(`SELECT recipient, level, to_char(day, 'YYYY-MM-DD') AS day, items, item_count FROM alert_digests`);
    const emails = rows.map((row) => composeDigestEmail({ ...row, items: row.items.map(digestItemOf), itemCount: row.item_count } as Digest, { baseUrl: 'http://127.0.0.1:3000', maxRows: 200 }));
    const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: SEND_CONCURRENCY }, { from: 'bench@taizhang.localhost' });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SEND_CONCURRENCY }, async () => {
        for (let i = next++; i < emails.length; i = next++) await transport.sendMail({ to: rows[i].recipient, ...emails[i] });
      }),
    );
    const raw = emails.length / ((performance.now() - started) / 1000);
    transport.close();
    if (received !== count) throw new Error(`raw sends: ${received} of ${count} arrived`);
    say(`raw nodemailer: ${emails.length} e-mails at ${raw.toFixed(0)}/s`);

    received = 0;
    await queue.obliterate({ force: true });
    const worker = startNode(['dist/apps/worker/src/main.js'], {
      DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX, SMTP_URL: smtpUrl,
      ALERT_SEND_CONCURRENCY: String(SEND_CONCURRENCY), LOG_LEVEL: 'warn',
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 3000)); // the worker starts up before the clock runs
      const begun = performance.now();
      await requeuePendingDigests(pool, queue, retries);
      while (received < count) {
        if (performance.now() - begun > 600_000) throw new Error(`the worker delivered ${received} of ${count}\n${worker.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const workerRate = count / ((performance.now() - begun) / 1000);
      const { rows: sent } = await pool.query(`SELECT count(*)::int AS n FROM alert_digests WHERE status = 'sent'`);
      say(`worker: ${count} digests at ${workerRate.toFixed(0)}/s; ${sent[0].n} marked sent`);
      return { raw, worker: workerRate, sent: count };
    } finally {
      await stopChild(worker.child);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function explain(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query(`EXPLAIN ${BARE_OVERDUE_SQL}`, [DAY]);
  return rows.map((row) => row['QUERY PLAN']);
}

async function explainScan(pool: pg.Pool, settings: OverdueAlertsSettings): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM alert_digests');
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${OVERDUE_DIGESTS_SQL}`, overdueDigestsParameters(DAY, settings.escalation, settings.listed));
    return rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

function wholeNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number`);
  return value;
}

runBenchmark(main);
