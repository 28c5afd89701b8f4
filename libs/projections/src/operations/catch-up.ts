import type { Pool } from 'pg';
import type { EventStore, LogPosition } from '#libs/event-store';
import { applyBatch } from '../apply-batch.js';
import type { Projector } from '../projector.js';

/** Applies batches, each in its own transaction with its checkpoint, until the log (or `until`) is reached. */
export async function catchUp(pool: Pool, store: EventStore, projector: Projector, batchSize: number, until?: LogPosition): Promise<number> {
  let total = 0;
  for (;;) {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      const applied = await applyBatch(tx, store, projector, batchSize, until);
      await tx.query('COMMIT');
      total += applied;
      if (applied === 0) return total;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}
