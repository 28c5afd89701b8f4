import type { Pool } from 'pg';
import type { EventStore, LogPosition, RecordedEvent } from '#libs/event-store';
import { applyEvents } from '../apply-batch.js';
import { readCheckpoint } from '../checkpoints.js';
import type { Projector } from '../projector.js';

/**
 * Applies batches, each in its own transaction with its checkpoint, until the log (or `until`) is
 * reached. The next batch is read while the current one is applied, on another connection.
 */
export async function catchUp(pool: Pool, store: EventStore, projector: Projector, batchSize: number, until?: LogPosition): Promise<number> {
  let after: LogPosition = await readCheckpoint(pool, projector.name);
  const read = (from: LogPosition) => {
    const reading = store.readAll(from, batchSize, pool, until);
    reading.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    return reading;
  };
  let next = read(after);
  let total = 0;
  for (;;) {
    const events: RecordedEvent[] = await next;
    if (events.length === 0) return total;
    const last = events[events.length - 1];
    next = read(last);
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await applyEvents(tx, projector, after, events);
      await tx.query('COMMIT');
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      await next.catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
    total += events.length;
    after = last;
  }
}
