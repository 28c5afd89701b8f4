import type { Pool } from 'pg';
import { EventStore } from '#libs/event-store';
import { applyBatch } from '../apply-batch.js';
import { readCheckpoint } from '../checkpoints.js';
import { catchUp } from './catch-up.js';
import type { ProjectionDefinition } from './projection-catalog.js';
import { createScratchTables, dropScratchTables, swapInScratchTables } from './scratch-tables.js';

const SUFFIX = '_rebuild';
/** Larger than the live runner's batches: nothing waits on a rebuild's transactions, and fewer statements do the same work. */
const REBUILD_BATCH = 5000;

export interface RebuildReport {
  projection: string;
  events: number;
  seconds: number;
}

/**
 * Rebuilds a projection from the start of the log, online: into fresh tables while the live ones
 * keep serving, then — holding the live checkpoint row, so the running projector waits — applies
 * the last events, swaps the tables in and hands the live checkpoint the rebuild's position.
 */
export async function rebuildProjection(pool: Pool, projection: ProjectionDefinition, options: { batchSize?: number } = {}): Promise<RebuildReport> {
  const started = Date.now();
  const store = new EventStore(pool);
  const scratchName = `${projection.name}${SUFFIX}`;
  const projector = projection.projector({ name: scratchName, tableSuffix: SUFFIX, deferWrites: true });
  await createScratchTables(pool, projection.tables, SUFFIX);
  await pool.query('DELETE FROM projection_checkpoints WHERE projection = $1', [scratchName]);
  try {
    await catchUp(pool, store, projector, options.batchSize ?? REBUILD_BATCH);
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING', [projection.name]);
      await tx.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projection.name]);
      while ((await applyBatch(tx, store, projector, options.batchSize ?? REBUILD_BATCH)) > 0);
      await projector.flush?.(tx);
      const rebuilt = await readCheckpoint(tx, scratchName);
      await swapInScratchTables(tx, projection.tables, SUFFIX);
      await tx.query(
        `UPDATE projection_checkpoints SET transaction_id = $2::xid8, position = $3, events_applied = $4, updated_at = now() WHERE projection = $1`,
        [projection.name, rebuilt.transactionId, rebuilt.position, rebuilt.eventsApplied],
      );
      await tx.query('DELETE FROM projection_checkpoints WHERE projection = $1', [scratchName]);
      await tx.query('COMMIT');
      return { projection: projection.name, events: rebuilt.eventsApplied, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  } catch (error) {
    await dropScratchTables(pool, projection.tables, SUFFIX).catch(() => undefined);
    await pool.query('DELETE FROM projection_checkpoints WHERE projection = $1', [scratchName]).catch(() => undefined);
    throw error;
  }
}
