import type { Pool, PoolClient } from 'pg';
import { digestItemOf, type Digest, type DigestKey, type DigestStatus, type StoredDigestItem } from './digest.js';

export type DeliveryOutcome =
  | { outcome: 'sent'; messageId: string }
  /** Sent or failed before: nothing is sent again. */
  | { outcome: 'settled'; status: DigestStatus }
  | { outcome: 'missing' };

/** Another sender holds the digest right now; the job tries again later (the holder may crash). */
export class DigestBusyError extends Error {
  constructor(key: DigestKey) {
    super(`digest ${key.day}/${key.level}/${key.recipient} is being sent by another worker`);
  }
}

/**
 * Sends one digest at most once: its outbox row stays locked while the mail is handed to SMTP and
 * is marked sent with the SMTP message id in the same transaction. A digest already sent or failed
 * is left alone; a crash before the commit leaves it pending (and unlocked) for the next attempt.
 * A failed send counts the attempt and keeps the error; the last attempt marks the digest failed.
 */
export async function deliverDigest(
  pool: Pool,
  key: DigestKey,
  send: (digest: Digest) => Promise<string>,
  attempt: { last: boolean },
): Promise<DeliveryOutcome> {
  const client = await pool.connect();
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    const { rows } = await client.query(
      `SELECT items, item_count, status FROM alert_digests
       WHERE recipient = $1 AND level = $2 AND day = $3 FOR UPDATE SKIP LOCKED`,
      [key.recipient, key.level, key.day],
    );
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      open = false;
      if (await digestExists(client, key)) throw new DigestBusyError(key);
      return { outcome: 'missing' };
    }
    if (rows[0].status !== 'pending') {
      await client.query('ROLLBACK');
      open = false;
      return { outcome: 'settled', status: rows[0].status };
    }
    let messageId: string;
    try {
      messageId = await send({ ...key, items: (rows[0].items as StoredDigestItem[]).map(digestItemOf), itemCount: rows[0].item_count });
    } catch (error) {
      await recordFailedAttempt(client, key, error, attempt.last);
      await client.query('COMMIT');
      open = false;
      throw error;
    }
    await client.query(
      `UPDATE alert_digests SET status = 'sent', message_id = $4, sent_at = now(), attempts = attempts + 1
       WHERE recipient = $1 AND level = $2 AND day = $3`,
      [key.recipient, key.level, key.day, messageId],
    );
    await client.query('COMMIT');
    open = false;
    return { outcome: 'sent', messageId };
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

async function digestExists(client: PoolClient, key: DigestKey): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM alert_digests WHERE recipient = $1 AND level = $2 AND day = $3', [
    key.recipient,
    key.level,
    key.day,
  ]);
  return (rowCount ?? 0) > 0;
}

async function recordFailedAttempt(client: PoolClient, key: DigestKey, error: unknown, last: boolean): Promise<void> {
  await client.query(
    `UPDATE alert_digests
     SET attempts = attempts + 1, last_error = $4,
         status = CASE WHEN $5 THEN 'failed' ELSE status END,
         failed_at = CASE WHEN $5 THEN now() ELSE failed_at END
     WHERE recipient = $1 AND level = $2 AND day = $3`,
    [key.recipient, key.level, key.day, error instanceof Error ? error.message : String(error), last],
  );
}
