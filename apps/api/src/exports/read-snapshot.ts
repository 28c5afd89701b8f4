import type { Pool, PoolClient, QueryResult } from 'pg';
import { PORTFOLIO_PROJECTION, readCheckpoint } from '#libs/projections';

/** One connection in a read-only REPEATABLE READ transaction: every query of an export sees the same read model. */
export interface ReadSnapshot {
  client: PoolClient;
  /**
   * The client for queries that run several statements at once (Promise.all): they are queued
   * here, since a pg client runs one at a time and pg 9 will refuse to queue them itself.
   */
  db: Pick<Pool, 'query'>;
  /** The log position the read model had reached in this snapshot (X-Log-Position). */
  position: number;
  /** Ends the transaction and gives the connection back; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * A read-only transaction takes no transaction id, so however long a download lasts it never
 * holds back the gap-safe readers of the log nor shows as a log stall in health.
 */
export async function openReadSnapshot(pool: Pool): Promise<ReadSnapshot> {
  const client = await pool.connect();
  // A connection lost while we hold it fails the query in flight, and the client also emits
  // 'error': unheard (the pool listens only to idle clients) that would end the process.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      if (!lost) await client.query('ROLLBACK');
    } catch (error) {
      lost = error instanceof Error ? error : new Error(String(error));
    }
    client.off('error', onError);
    client.release(lost ?? undefined);
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const checkpoint = await readCheckpoint(client, PORTFOLIO_PROJECTION);
    return { client, db: oneAtATime(client), position: checkpoint.position, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function oneAtATime(client: PoolClient): Pick<Pool, 'query'> {
  let last: Promise<unknown> = Promise.resolve();
  const query = (text: string, values?: unknown[]): Promise<QueryResult> => {
    const result = last.then(() => client.query(text, values));
    last = result.catch(() => undefined);
    return result;
  };
  return { query } as Pick<Pool, 'query'>;
}
