import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job, type Queue } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import {
  composeDigestEmail,
  deliverDigest,
  digestJobId,
  recipientsFromConfiguration,
  requeuePendingDigests,
  reviveFailedDeliveries,
  runOverdueAlerts,
  seedRecipients,
  type Digest,
  type DigestKey,
  type OverdueAlertsSettings,
} from '#libs/alerts';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { CLOCK, today, type Clock } from '#libs/portfolio';
import { AlertScanJob, QueueName } from '#libs/queues';
import { MAIL_TRANSPORT } from './mail-transport.js';

const DAILY_SCAN_SCHEDULER = 'daily-overdue-scan';
const OUTBOX_SWEEP_SCHEDULER = 'alert-outbox-sweep';

/**
 * The alert side of the worker (design §4): a job scheduler runs the overdue scan every day at
 * ALERT_SCAN_CRON in ALERT_SCAN_TIME_ZONE and sweeps the outbox; one BullMQ worker runs scans,
 * another sends digests. Shutting down lets running jobs finish.
 */
@Injectable()
export class AlertWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AlertWorkers.name);
  private readonly workers: Worker[] = [];
  private readonly settings: OverdueAlertsSettings;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    @InjectQueue(QueueName.AlertScan) private readonly scanQueue: Queue,
    @InjectQueue(QueueName.AlertDelivery) private readonly deliveryQueue: Queue,
  ) {
    this.settings = {
      escalation: { countyLeadDays: env.ALERT_L2_DAYS, leadershipDays: env.ALERT_L3_DAYS },
      retries: { attempts: env.ALERT_SEND_ATTEMPTS, delayMs: env.ALERT_RETRY_DELAY_MS },
      catchUpMs: 60_000,
      listed: env.ALERT_DIGEST_MAX_ROWS,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const seeded = await seedRecipients(this.pool, recipientsFromConfiguration(this.env.ALERT_COUNTY_LEADS, this.env.ALERT_CITY_LEADERSHIP));
    if (seeded) this.logger.log('alert recipients seeded from ALERT_COUNTY_LEADS and ALERT_CITY_LEADERSHIP');
    await this.scanQueue.upsertJobScheduler(
      DAILY_SCAN_SCHEDULER,
      { pattern: this.env.ALERT_SCAN_CRON, tz: this.env.ALERT_SCAN_TIME_ZONE },
      { name: AlertScanJob.OverdueScan, opts: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: 100, removeOnFail: 100 } },
    );
    await this.scanQueue.upsertJobScheduler(
      OUTBOX_SWEEP_SCHEDULER,
      { every: this.env.ALERT_OUTBOX_SWEEP_MS },
      { name: AlertScanJob.OutboxSweep, opts: { removeOnComplete: 10, removeOnFail: 50 } },
    );
    const connection = { url: this.env.REDIS_URL, maxRetriesPerRequest: null };
    const common = { connection, prefix: this.env.QUEUE_PREFIX, lockDuration: this.env.ALERT_JOB_LOCK_MS, stalledInterval: this.env.ALERT_JOB_LOCK_MS };
    this.workers.push(
      new Worker(QueueName.AlertScan, (job) => this.scan(job), { ...common, concurrency: 1 }),
      new Worker(QueueName.AlertDelivery, (job: Job<DigestKey>) => this.deliver(job), { ...common, concurrency: this.env.ALERT_SEND_CONCURRENCY }),
    );
    for (const worker of this.workers) worker.on('error', (error) => this.logger.error(`${worker.name}: ${error.message}`));
    this.logger.log(`overdue scan daily at "${this.env.ALERT_SCAN_CRON}" ${this.env.ALERT_SCAN_TIME_ZONE}; digests go to ${redactedSmtp(this.env.SMTP_URL)}`);
  }

  /** Lets running scans and sends finish (a send holds its outbox row until SMTP answers). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  /** After every worker has finished (the audit anchors are mailed through the same transport). */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  private async scan(job: Job): Promise<unknown> {
    if (job.name === AlertScanJob.OverdueScan) {
      const run = await runOverdueAlerts(this.pool, this.deliveryQueue, today(this.clock), this.settings);
      this.logger.log(`overdue scan ${run.day}: ${run.overdueMilestones} overdue milestones, ${run.digestsWritten} new digests, ${run.digestsQueued} queued`);
      return run;
    }
    if (job.name === AlertScanJob.OutboxSweep) {
      const digestsQueued = await requeuePendingDigests(this.pool, this.deliveryQueue, this.settings.retries);
      return { digestsQueued, deliveriesRevived: await reviveFailedDeliveries(this.pool, this.deliveryQueue) };
    }
    throw new Error(`no handler for job ${job.name}`);
  }

  private async deliver(job: Job<DigestKey>): Promise<unknown> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await deliverDigest(this.pool, job.data, (digest) => this.send(digest), { last });
    if (outcome.outcome === 'sent') this.logger.log(`digest ${digestJobId(job.data)} sent (${outcome.messageId})`);
    return outcome;
  }

  private async send(digest: Digest): Promise<string> {
    const email = composeDigestEmail(digest, { baseUrl: this.env.PUBLIC_BASE_URL, maxRows: this.env.ALERT_DIGEST_MAX_ROWS });
    const info = await this.transport.sendMail({
      to: digest.recipient,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // The same digest always carries the same Message-ID, so a copy sent again after a crash at the wrong moment can be recognised.
      messageId: `<${encodeURIComponent(digestJobId(digest))}@taizhang>`,
    });
    return info.messageId;
  }
}

function redactedSmtp(url: string | undefined): string {
  return url ? url.replace(/\/\/[^@/]*@/, '//***@') : '(no SMTP_URL)';
}
