import type { Pool, PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { GENESIS_HASH } from './audit-chain.js';
import { SEALED_EVENT_COLUMNS, SealAccumulator, type SealedEventRow } from './sealed-event.js';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** Events per seal row, at most. */
export const SEAL_BATCH = 10_000;
const CURSOR_ROWS = 1000;
const SEALER_LOCK = 'taizhang:event_log_seals';

export interface StoredSeal {
  id: string;
  lastTransactionId: string;
  lastPosition: string;
  eventCount: number;
  prevHash: Buffer;
  hash: Buffer;
}

export interface SealRun {
  /** Seal rows written. */
  seals: number;
  /** Events they cover. */
  events: number;
}

interface NewSeal {
  lastTransactionId: string;
  lastPosition: string;
  eventCount: number;
  prevHash: Buffer;
  hash: Buffer;
}

/**
 * Seals every committed event not sealed yet, in (transaction_id, position) order, up to the
 * gap-safe horizon (the oldest transaction still running): no event can later commit below it.
 * One transaction; concurrent sealers wait for each other. The events stream through a cursor and
 * the seal rows are written at the end, so the transaction takes a transaction id (which would
 * hold every log reader back) only for that last insert.
 */
export async function sealEventLog(pool: Pool, options: { batchSize?: number } = {}): Promise<SealRun> {
  const batchSize = options.batchSize ?? SEAL_BATCH;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [SEALER_LOCK]);
    const last = await readLastSeal(client);
    const { rows } = await client.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
    const seals = await sealsAfter(client, last, rows[0].horizon, batchSize);
    if (seals.length > 0) await insertSeals(client, seals);
    await client.query('COMMIT');
    return { seals: seals.length, events: seals.reduce((sum, seal) => sum + seal.eventCount, 0) };
  } catch (error) {
    broken = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The newest seal row, or null before the first seal. */
export async function readLastSeal(db: Queryable): Promise<StoredSeal | null> {
  const { rows } = await db.query(`SELECT ${SEAL_COLUMNS} FROM event_log_seals ORDER BY event_log_seals.id DESC LIMIT 1`);
  return rows.length > 0 ? toSeal(rows[0]) : null;
}

export interface SealCheck {
  seals: number;
  events: number;
  /** The first seal whose events no longer give its stored count (`events`), link (`link`) or hash (`hash`). */
  firstBroken?: { seal: string; check: 'events' | 'link' | 'hash' };
  /** Each seal's hash recomputed from the events (and the recomputed hash before it), by seal id. */
  recomputed: Map<string, { hash: Buffer; lastPosition: string }>;
}

/**
 * Reads the sealed part of the log again, in the order the sealer read it, and compares every
 * seal row with what its events give now.
 */
export async function recomputeSeals(pool: Pool): Promise<SealCheck> {
  const { rows } = await pool.query(`SELECT ${SEAL_COLUMNS} FROM event_log_seals ORDER BY event_log_seals.id`);
  const seals = rows.map(toSeal);
  const check: SealCheck = { seals: seals.length, events: 0, recomputed: new Map() };
  const last = seals.at(-1);
  if (!last) return check;

  const client = await pool.connect();
  const cursor = client.query(
    new Cursor<SealedEventRow>(
      `SELECT ${SEALED_EVENT_COLUMNS} FROM events
       WHERE (transaction_id, position) <= ($1::xid8, $2::bigint) ORDER BY events.transaction_id, events.position`,
      [last.lastTransactionId, last.lastPosition],
    ),
  );
  const events = new SealAccumulator();
  let index = 0;
  let previous: { stored: Buffer; recomputed: Buffer } = { stored: GENESIS_HASH, recomputed: GENESIS_HASH };
  const close = (seal: StoredSeal) => {
    const count = events.count;
    const hash = events.finish(previous.recomputed);
    check.recomputed.set(seal.id, { hash, lastPosition: seal.lastPosition });
    const failed = count !== seal.eventCount ? 'events' : !seal.prevHash.equals(previous.stored) ? 'link' : !hash.equals(seal.hash) ? 'hash' : null;
    if (failed && !check.firstBroken) check.firstBroken = { seal: seal.id, check: failed };
    previous = { stored: seal.hash, recomputed: hash };
  };
  let failed = false;
  try {
    for (let batch = await cursor.read(CURSOR_ROWS); batch.length > 0; batch = await cursor.read(CURSOR_ROWS)) {
      for (const row of batch) {
        while (after(row, seals[index])) close(seals[index++]);
        events.add(row);
        check.events += 1;
      }
    }
    while (index < seals.length) close(seals[index++]);
    return check;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failed cursor has already given the connection back to the protocol; closing it would wait forever.
    if (!failed) await cursor.close();
    client.release(failed);
  }
}

async function sealsAfter(client: PoolClient, last: StoredSeal | null, horizon: string, batchSize: number): Promise<NewSeal[]> {
  const cursor = client.query(
    new Cursor<SealedEventRow>(
      `SELECT ${SEALED_EVENT_COLUMNS} FROM events
       WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8
       ORDER BY events.transaction_id, events.position`,
      [last?.lastTransactionId ?? '0', last?.lastPosition ?? '0', horizon],
    ),
  );
  const seals: NewSeal[] = [];
  const events = new SealAccumulator();
  let previousHash = last?.hash ?? GENESIS_HASH;
  const close = () => {
    const tail = events.last as SealedEventRow;
    const eventCount = events.count;
    const hash = events.finish(previousHash);
    seals.push({ lastTransactionId: tail.transaction_id, lastPosition: tail.position, eventCount, prevHash: previousHash, hash });
    previousHash = hash;
  };
  for (let batch = await cursor.read(CURSOR_ROWS); batch.length > 0; batch = await cursor.read(CURSOR_ROWS)) {
    for (const row of batch) {
      events.add(row);
      if (events.count === batchSize) close();
    }
  }
  await cursor.close();
  if (events.count > 0) close();
  return seals;
}

async function insertSeals(client: PoolClient, seals: NewSeal[]): Promise<void> {
  await client.query(
    `INSERT INTO event_log_seals (id, last_transaction_id, last_position, event_count, prev_hash, hash)
     SELECT coalesce((SELECT max(id) FROM event_log_seals), 0) + s.ord, s.last_transaction_id, s.last_position, s.event_count, s.prev_hash, s.hash
     FROM unnest($1::xid8[], $2::bigint[], $3::integer[], $4::bytea[], $5::bytea[])
          WITH ORDINALITY AS s(last_transaction_id, last_position, event_count, prev_hash, hash, ord)`,
    [
      seals.map((s) => s.lastTransactionId),
      seals.map((s) => s.lastPosition),
      seals.map((s) => s.eventCount),
      seals.map((s) => s.prevHash),
      seals.map((s) => s.hash),
    ],
  );
}

/** Whether the event sorts after the seal's last event, in (transaction_id, position) order. */
function after(row: SealedEventRow, seal: StoredSeal | undefined): boolean {
  if (!seal) return false;
  const transaction = BigInt(row.transaction_id) - BigInt(seal.lastTransactionId);
  return transaction > 0n || (transaction === 0n && BigInt(row.position) > BigInt(seal.lastPosition));
}

const SEAL_COLUMNS =
  'id::text AS id, last_transaction_id::text AS last_transaction_id, last_position::text AS last_position, event_count, prev_hash, hash';

function toSeal(row: Record<string, unknown>): StoredSeal {
  return {
    id: row.id as string,
    lastTransactionId: row.last_transaction_id as string,
    lastPosition: row.last_position as string,
    eventCount: row.event_count as number,
    prevHash: row.prev_hash as Buffer,
    hash: row.hash as Buffer,
  };
}
