import type { Pool } from 'pg';
import type { AlertLevel } from './alert-levels.js';
import { digestItemOf, type DigestItem, type DigestKey, type DigestStatus, type StoredDigestItem } from './digest.js';

/** Digests written but not yet sent (and not given up on), oldest day first. */
export async function pendingDigestKeys(pool: Pick<Pool, 'query'>, limit = 10_000): Promise<DigestKey[]> {
  const { rows } = await pool.query(
    `SELECT recipient, level, to_char(day, 'YYYY-MM-DD') AS day FROM alert_digests
     WHERE status = 'pending' ORDER BY day, level, recipient LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Those of `keys` whose digest is still pending. */
export async function stillPending(pool: Pick<Pool, 'query'>, keys: readonly DigestKey[]): Promise<DigestKey[]> {
  if (keys.length === 0) return [];
  const { rows } = await pool.query(
    `SELECT d.recipient, d.level, to_char(d.day, 'YYYY-MM-DD') AS day
     FROM unnest($1::text[], $2::text[], $3::date[]) AS k(recipient, level, day)
     JOIN alert_digests d USING (recipient, level, day)
     WHERE d.status = 'pending'`,
    [keys.map((k) => k.recipient), keys.map((k) => k.level), keys.map((k) => k.day)],
  );
  return rows;
}

export interface DigestFilter {
  day?: string;
  level?: AlertLevel;
  recipient?: string;
  status?: DigestStatus;
  page: number;
  limit: number;
}

export interface DigestRecord extends DigestKey {
  status: DigestStatus;
  itemCount: number;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  items: DigestItem[];
}

export interface OutboxHealth {
  pending: number;
  failed: number;
  /** Seconds since the oldest digest still pending was written; 0 when none is. */
  oldestPendingSeconds: number;
}

/** What an operator watches: digests waiting to be sent, how long the oldest has waited, and those given up on. */
export async function outboxHealth(pool: Pick<Pool, 'query'>): Promise<OutboxHealth> {
  const { rows } = await pool.query(`
    SELECT (SELECT count(*) FROM alert_digests WHERE status = 'pending')::int AS pending,
           (SELECT count(*) FROM alert_digests WHERE status = 'failed')::int AS failed,
           coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM alert_digests WHERE status = 'pending'), 0)::float8 AS oldest`);
  return { pending: rows[0].pending, failed: rows[0].failed, oldestPendingSeconds: Math.round(rows[0].oldest) };
}

/** Alert history (GET /api/alerts): newest day first. */
export async function listDigests(pool: Pick<Pool, 'query'>, filter: DigestFilter): Promise<{ total: number; page: number; limit: number; items: DigestRecord[] }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (column: string, value: unknown) => {
    if (value === undefined) return;
    values.push(value);
    conditions.push(`${column} = $${values.length}`);
  };
  where('day', filter.day);
  where('level', filter.level);
  where('recipient', filter.recipient);
  where('status', filter.status);
  const clause = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await pool.query(
    `SELECT recipient, level, to_char(day, 'YYYY-MM-DD') AS day, status, item_count AS "itemCount", attempts,
            last_error AS "lastError", message_id AS "messageId", created_at AS "createdAt", sent_at AS "sentAt",
            failed_at AS "failedAt", items, count(*) OVER ()::int AS total
     FROM alert_digests ${clause}
     ORDER BY day DESC, level DESC, recipient
     LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, filter.limit, (filter.page - 1) * filter.limit],
  );
  const total = rows[0]?.total ?? (filter.page > 1 ? await countDigests(pool, clause, values) : 0);
  return { total, page: filter.page, limit: filter.limit, items: rows.map(({ total: _, items, ...row }) => ({ ...row, items: (items as StoredDigestItem[]).map(digestItemOf) })) };
}

async function countDigests(pool: Pick<Pool, 'query'>, clause: string, values: unknown[]): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM alert_digests ${clause}`, values);
  return rows[0].n;
}

export interface DigestCount {
  day: string;
  level: AlertLevel;
  status: DigestStatus;
  digests: number;
  milestones: number;
}

/** How many digests (and milestones in them) went out per day, level and status: the alert history without who received it. */
export async function digestCounts(pool: Pick<Pool, 'query'>, filter: Omit<DigestFilter, 'recipient'>): Promise<{ total: number; page: number; limit: number; items: DigestCount[] }> {
  const values: unknown[] = [filter.day ?? null, filter.level ?? null, filter.status ?? null];
  const { rows } = await pool.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, level, status, count(*)::int AS digests, sum(item_count)::int AS milestones, count(*) OVER ()::int AS total
     FROM alert_digests
     WHERE ($1::date IS NULL OR day = $1) AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR status = $3)
     GROUP BY day, level, status
     ORDER BY day DESC, level DESC, status
     LIMIT $4 OFFSET $5`,
    [...values, filter.limit, (filter.page - 1) * filter.limit],
  );
  return { total: rows[0]?.total ?? 0, page: filter.page, limit: filter.limit, items: rows.map(({ total: _, ...row }) => row as DigestCount) };
}
