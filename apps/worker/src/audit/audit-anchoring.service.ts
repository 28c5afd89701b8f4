import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job, type Queue } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import {
  appendAnchor,
  appendAuditRecord,
  defaultAnchorFile,
  loadAnchorSigningKey,
  takeAnchor,
  type Anchor,
  type AnchorSigningKey,
} from '#libs/audit';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { withCorrelationId } from '#libs/logging';
import { CLOCK, type Clock } from '#libs/portfolio';
import { AuditJob, QueueName } from '#libs/queues';
import { MAIL_TRANSPORT } from '../alerts/mail-transport.js';
import { composeAnchorMail, mailAddressOf } from './anchor-mail.js';

const ANCHOR_SCHEDULER = 'audit-anchor';

/**
 * Every AUDIT_ANCHOR_EVERY_MINUTES (a job scheduler, so one worker of many takes each run): seals
 * the event log, signs the heads of the audit log and of the seals, appends the anchor to the
 * anchor file, records an `audit.anchored` row and mails the anchor to every auditor.
 */
@Injectable()
export class AuditAnchoringService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditAnchoringService.name);
  private readonly signer: { key: AnchorSigningKey; file: string } | null;
  private worker: Worker | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: Transporter,
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
  ) {
    this.signer = signerFrom(env);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.signer) {
      this.logger.warn('AUDIT_ANCHOR_KEY_FILE is not set: the audit log and the event log are not anchored outside the database');
      return;
    }
    await this.queue.upsertJobScheduler(
      ANCHOR_SCHEDULER,
      { every: this.env.AUDIT_ANCHOR_EVERY_MINUTES * 60_000 },
      { name: AuditJob.Anchor, opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 50, removeOnFail: 50 } },
    );
    const connection = { url: this.env.REDIS_URL, maxRetriesPerRequest: null };
    this.worker = new Worker(QueueName.Audit, (job) => this.process(job), { connection, prefix: this.env.QUEUE_PREFIX, concurrency: 1 });
    this.worker.on('error', (error) => this.logger.error(`${QueueName.Audit}: ${error.message}`));
    this.logger.log(`audit anchor every ${this.env.AUDIT_ANCHOR_EVERY_MINUTES} min, signed by key ${this.signer.key.keyId}, appended to ${this.signer.file}`);
  }

  /** Lets a running anchor finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Takes, keeps and sends one anchor now (what each scheduled job does). */
  async anchorNow(correlationId = `audit-anchor:${randomUUID()}`): Promise<Anchor> {
    if (!this.signer) throw new Error('AUDIT_ANCHOR_KEY_FILE is not set: there is no key to sign an anchor with');
    const { anchor, sealed } = await takeAnchor(this.pool, this.signer.key, this.clock.now());
    await appendAnchor(this.signer.file, anchor);
    const mailed = await this.mailAuditors(anchor);
    await appendAuditRecord(this.pool, {
      at: this.clock.now(),
      actor: null,
      actorRole: 'system',
      sourceAddress: null,
      userAgent: 'taizhang-worker',
      action: 'audit.anchored',
      object: anchor.audit ? `audit_log ${anchor.audit.id}` : null,
      result: 'success',
      correlationId,
      details: { keyId: anchor.keyId, audit: anchor.audit, events: anchor.events, sealed, file: this.signer.file, ...mailed },
    });
    this.logger.log(
      `anchored audit row ${anchor.audit?.id ?? '(none)'} and seal ${anchor.events?.seal ?? '(none)'} (${sealed.events} events newly sealed); mailed to ${mailed.mailedTo.length} auditors`,
    );
    return anchor;
  }

  private async process(job: Job): Promise<unknown> {
    if (job.name !== AuditJob.Anchor) throw new Error(`no handler for job ${job.name}`);
    const correlationId = `audit-anchor:${job.id}`;
    return withCorrelationId(correlationId, () => this.anchorNow(correlationId));
  }

  /** One mail per auditor; a failed send is logged and recorded, not retried: the next anchor follows within the hour. */
  private async mailAuditors(anchor: Anchor): Promise<{ mailedTo: string[]; mailFailed: string[] }> {
    const { rows } = await this.pool.query<{ email: string }>(
      `SELECT email FROM users WHERE role = 'auditor' AND email IS NOT NULL AND NOT disabled ORDER BY email`,
    );
    const mail = composeAnchorMail(anchor);
    const result = { mailedTo: [] as string[], mailFailed: [] as string[] };
    for (const { email } of rows) {
      try {
        await this.transport.sendMail({
          from: { name: '台账审计锚定', address: mailAddressOf(this.env.ALERT_FROM) },
          to: email,
          subject: mail.subject,
          text: mail.text,
          attachments: [mail.attachment],
        });
        result.mailedTo.push(email);
      } catch (error) {
        this.logger.error(`anchor mail to ${email} failed: ${error instanceof Error ? error.message : String(error)}`);
        result.mailFailed.push(email);
      }
    }
    return result;
  }
}

/** The key and the anchor file; none outside production when AUDIT_ANCHOR_KEY_FILE is unset. */
function signerFrom(env: Environment): { key: AnchorSigningKey; file: string } | null {
  const keyFile = env.AUDIT_ANCHOR_KEY_FILE;
  if (!keyFile) {
    if (env.NODE_ENV === 'production') {
      throw new Error('AUDIT_ANCHOR_KEY_FILE must be set in production: the worker signs the audit anchors with that Ed25519 private key (PEM)');
    }
    return null;
  }
  try {
    return { key: loadAnchorSigningKey(keyFile), file: env.AUDIT_ANCHOR_FILE || defaultAnchorFile(keyFile) };
  } catch (error) {
    throw new Error(`AUDIT_ANCHOR_KEY_FILE: cannot use ${keyFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
