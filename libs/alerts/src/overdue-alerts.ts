import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { PORTFOLIO_PROJECTION, waitForPosition } from '#libs/projections';
import type { Escalation } from './alert-levels.js';
import { queueDigests, SEND_DIGEST_JOB, type DigestRetries } from './digest-queue.js';
import { digestJobId, type DigestKey } from './digest.js';
import { pendingDigestKeys, stillPending } from './outbox.js';
import { writeOverdueDigests, type OverdueScanResult } from './overdue-scan.js';

export interface OverdueAlertsSettings {
  escalation: Escalation;
  retries: DigestRetries;
  /** How long the scan waits for the read model to catch up with the log before giving up. */
  catchUpMs: number;
  /** Milestones a digest lists (ALERT_DIGEST_MAX_ROWS). */
  listed: number;
}

export interface OverdueAlertsRun extends OverdueScanResult {
  digestsQueued: number;
}

/** The read model is behind the log: scanning now could alert on a milestone just completed. */
export class ReadModelBehindError extends Error {}

/**
 * The daily scan: once the read model has every event committed so far, today's digests are written
 * to the outbox, then every unsent digest (today's and any a crash left behind) is queued.
 */
export async function runOverdueAlerts(pool: Pool, queue: Queue, day: string, settings: OverdueAlertsSettings): Promise<OverdueAlertsRun> {
  const { rows } = await pool.query('SELECT coalesce(max(position), 0)::text AS head FROM events');
  const head = Number(rows[0].head);
  if (head > 0 && !(await waitForPosition(pool, PORTFOLIO_PROJECTION, head, settings.catchUpMs))) {
    throw new ReadModelBehindError(`the portfolio read model has not reached log position ${head} within ${settings.catchUpMs} ms`);
  }
  const scan = await writeOverdueDigests(pool, day, settings.escalation, settings.listed);
  const digestsQueued = await requeuePendingDigests(pool, queue, settings.retries);
  return { ...scan, digestsQueued };
}

/** Queues every digest still pending in the outbox (the outbox sweep, and the end of each scan). */
export async function requeuePendingDigests(pool: Pool, queue: Queue, retries: DigestRetries): Promise<number> {
  return queueDigests(queue, await pendingDigestKeys(pool), retries);
}

/**
 * Starts again the failed delivery jobs whose digest is still pending: BullMQ gave up on them (a job
 * that stalled too often, retries spent while another sender held the row) but nothing was sent,
 * and queueing the digest again would not help, as the failed job keeps its id.
 */
export async function reviveFailedDeliveries(pool: Pool, queue: Queue): Promise<number> {
  const failed = (await queue.getFailed(0, REVIVE_BATCH - 1)).filter((job) => job.name === SEND_DIGEST_JOB);
  const pending = new Set((await stillPending(pool, failed.map((job) => job.data as DigestKey))).map(digestJobId));
  const stuck = failed.filter((job) => pending.has(digestJobId(job.data as DigestKey)));
  for (const job of stuck) await job.retry('failed', { resetAttemptsMade: true });
  return stuck.length;
}

const REVIVE_BATCH = 1000;
