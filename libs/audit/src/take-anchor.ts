import type { Pool } from 'pg';
import type { AnchorSigningKey } from './anchor-keys.js';
import { signAnchor, type Anchor } from './anchors.js';
import { readLastSeal, sealEventLog, type SealRun } from './event-log-seals.js';

/**
 * Seals what the event log committed since the last seal, then signs the heads of both chains.
 * The caller keeps the anchor somewhere the database's administrators cannot rewrite.
 */
export async function takeAnchor(pool: Pool, key: AnchorSigningKey, at: Date): Promise<{ anchor: Anchor; sealed: SealRun }> {
  const sealed = await sealEventLog(pool);
  const [head, seal] = await Promise.all([readAuditHead(pool), readLastSeal(pool)]);
  const anchor = signAnchor(
    {
      at: at.toISOString(),
      audit: head && { id: head.id, hash: head.hash.toString('hex') },
      events: seal && { seal: seal.id, lastPosition: seal.lastPosition, hash: seal.hash.toString('hex') },
    },
    key,
  );
  return { anchor, sealed };
}

/** The newest audit row's id and chain hash; null while the log is empty. */
export async function readAuditHead(pool: Pick<Pool, 'query'>): Promise<{ id: string; hash: Buffer } | null> {
  const { rows } = await pool.query('SELECT id::text AS id, hash FROM audit_log ORDER BY audit_log.id DESC LIMIT 1');
  return rows.length > 0 ? { id: rows[0].id as string, hash: rows[0].hash as Buffer } : null;
}
