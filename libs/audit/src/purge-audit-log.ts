import type { Pool } from 'pg';
import { appendAuditRecord } from './audit-log.js';

/** Audit rows are kept at least this long (等保 2.0: six months); the database refuses to delete younger ones. */
export const AUDIT_RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export class AuditPurgeRefusedError extends Error {
  readonly code = 'AUDIT_PURGE_TOO_RECENT';

  constructor(readonly before: Date, readonly latestAllowed: Date) {
    super(`audit rows are kept ${AUDIT_RETENTION_DAYS} days: purging before ${before.toISOString()} is refused (the latest date allowed now is ${latestAllowed.toISOString()})`);
  }
}

export interface AuditPurge {
  deleted: number;
  /** The newest row deleted, and its chain hash (hex): the first row left links to it. Null when nothing was deleted. */
  throughId: string | null;
  throughHash: string | null;
  /** The `audit.purged` row that records the purge. */
  recordId: string;
}

/** Who purges, as the `audit.purged` row records it. */
export interface AuditPurger {
  actor: string | null;
  actorRole: string | null;
  userAgent: string | null;
}

/** Throws AuditPurgeRefusedError unless every row before `before` is older than the retention period. */
export function checkPurgeDate(before: Date, now = new Date()): void {
  const latestAllowed = new Date(now.getTime() - AUDIT_RETENTION_DAYS * DAY_MS);
  if (!(before.getTime() <= latestAllowed.getTime())) throw new AuditPurgeRefusedError(before, latestAllowed);
}

/**
 * Deletes the oldest audit rows recorded before `before` — only the unbroken run of them at the
 * start of the chain, so the rows left still chain — and appends an `audit.purged` row naming how
 * many, up to which id, and the hash the first row left links to. One transaction.
 */
export async function purgeAuditLog(pool: Pool, before: Date, purger: AuditPurger, now = new Date()): Promise<AuditPurge> {
  checkPurgeDate(before, now);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL taizhang.audit_purge = 'on'`);
    // The appenders' lock: no row is added while the run to delete is chosen.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('taizhang:audit_log', 0))`);
    const { rows } = await client.query(
      `SELECT id::text AS id, encode(hash, 'hex') AS hash FROM audit_log
       WHERE id < coalesce((SELECT id FROM audit_log WHERE at >= $1 ORDER BY id LIMIT 1), 9223372036854775807)
       ORDER BY audit_log.id DESC LIMIT 1`,
      [before],
    );
    const through = rows[0] as { id: string; hash: string } | undefined;
    const deleted = through ? (await client.query('DELETE FROM audit_log WHERE id <= $1', [through.id])).rowCount ?? 0 : 0;
    const details = { before: before.toISOString(), deleted, throughId: through?.id ?? null, throughHash: through?.hash ?? null };
    const record = await appendAuditRecord(client, {
      at: now,
      ...purger,
      sourceAddress: null,
      action: 'audit.purged',
      object: through ? `audit_log ≤ ${through.id}` : null,
      result: 'success',
      correlationId: null,
      details,
    });
    await client.query('COMMIT');
    return { deleted, throughId: details.throughId, throughHash: details.throughHash, recordId: record.id };
  } catch (error) {
    broken = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}
