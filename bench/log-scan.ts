import { performance } from 'node:perf_hooks';
import pg from 'pg';
import Cursor from 'pg-cursor';

export interface LogScan {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** The whole log in commit order, every column a projector reads; pg parses the jsonb, nothing else is done. */
const SCAN = `SELECT position, transaction_id::text, stream_id, version, type, schema_version, data, metadata, recorded_at
              FROM events ORDER BY transaction_id, position`;

/**
 * The raw rate of reading the log: one connection streams it through a cursor, `batch` rows at
 * a time, and counts the rows. No rebuild can be faster than this on the same machine.
 */
export async function scanLog(databaseUrl: string, batch: number): Promise<LogScan> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'taizhang-bench-scan' });
  await client.connect();
  try {
    const started = performance.now();
    const cursor = client.query(new Cursor(SCAN));
    let events = 0;
    for (let rows = await cursor.read(batch); rows.length > 0; rows = await cursor.read(batch)) events += rows.length;
    await cursor.close();
    const seconds = (performance.now() - started) / 1000;
    return { events, seconds, eventsPerSecond: events / seconds };
  } finally {
    await client.end();
  }
}

export interface LogFacts {
  events: number;
  /** The events table with its indexes and TOAST, as stored. */
  sizeMb: number;
  last: { transactionId: string; position: number } | null;
}

export async function logFacts(pool: pg.Pool): Promise<LogFacts> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*)::int FROM events) AS events, pg_total_relation_size('events') AS bytes,
       (SELECT json_build_object('transactionId', transaction_id::text, 'position', position)
          FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1) AS last`,
  );
  return { events: rows[0].events, sizeMb: Number(rows[0].bytes) / 1024 / 1024, last: rows[0].last };
}
