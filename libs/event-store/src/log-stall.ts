import type { Pool } from 'pg';

/** What holds readers of the global log back, if anything (design §2: never stall silently). */
export interface LogStallReport {
  /** Events already committed that readers may not read yet, because an older transaction is still open. */
  heldBackEvents: number;
  oldestOpenTransaction: { pid: number; ageSeconds: number; state: string | null; application: string | null } | null;
  lastPosition: number;
}

export async function logStallReport(pool: Pick<Pool, 'query'>): Promise<LogStallReport> {
  const { rows } = await pool.query(`
    SELECT
      (SELECT count(*) FROM events
        WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))::int AS held_back,
      (SELECT coalesce(max(position), 0) FROM events)::text AS last_position,
      oldest.pid, oldest.age_seconds, oldest.state, oldest.application_name
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT pid, extract(epoch FROM now() - xact_start)::float8 AS age_seconds, state, application_name
      FROM pg_stat_activity
      WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
      ORDER BY age(backend_xid) DESC
      LIMIT 1
    ) AS oldest ON true`);
  const row = rows[0];
  return {
    heldBackEvents: row.held_back,
    lastPosition: Number(row.last_position),
    oldestOpenTransaction:
      row.pid === null
        ? null
        : { pid: row.pid, ageSeconds: Math.round(row.age_seconds * 10) / 10, state: row.state, application: row.application_name },
  };
}

/** Readers are stalled when committed events wait behind a transaction open longer than the threshold. */
export function isStalled(report: LogStallReport, thresholdSeconds: number): boolean {
  return report.heldBackEvents > 0 && (report.oldestOpenTransaction?.ageSeconds ?? 0) > thresholdSeconds;
}
