import type { PoolClient } from 'pg';
import type { EventStore, LogPosition } from '#libs/event-store';
import { readCheckpoint, saveCheckpoint } from './checkpoints.js';
import type { Projector } from './projector.js';

/**
 * Inside the caller's transaction: locks the projector's checkpoint row, reads the next events
 * after it (up to `until` when given), applies them and moves the checkpoint. Returns how many it applied.
 */
export async function applyBatch(tx: PoolClient, store: EventStore, projector: Projector, limit: number, until?: LogPosition): Promise<number> {
  await tx.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING', [projector.name]);
  await tx.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projector.name]);
  const checkpoint = await readCheckpoint(tx, projector.name);
  const events = await store.readAll(checkpoint, limit, tx, until);
  if (events.length === 0) return 0;
  await projector.apply(events, tx);
  await saveCheckpoint(tx, projector.name, events[events.length - 1], events.length);
  return events.length;
}
