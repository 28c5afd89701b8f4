import type { PoolClient } from 'pg';
import type { EventStore, LogPosition, RecordedEvent } from '#libs/event-store';
import { readCheckpoint, saveCheckpoint } from './checkpoints.js';
import type { Projector } from './projector.js';

/**
 * Inside the caller's transaction: locks the projector's checkpoint row, reads the next events
 * after it (up to `until` when given), applies them and moves the checkpoint. Returns how many it applied.
 */
export async function applyBatch(tx: PoolClient, store: EventStore, projector: Projector, limit: number, until?: LogPosition): Promise<number> {
  const checkpoint = await lockCheckpoint(tx, projector.name);
  const events = await store.readAll(checkpoint, limit, tx, until);
  if (events.length === 0) return 0;
  await projector.apply(events, tx);
  await saveCheckpoint(tx, projector.name, events[events.length - 1], events.length);
  return events.length;
}

/**
 * Inside the caller's transaction: applies events read beforehand, which must start right after
 * the checkpoint `after` — if the checkpoint has moved meanwhile, another runner applied them and this throws.
 */
export async function applyEvents(tx: PoolClient, projector: Projector, after: LogPosition, events: readonly RecordedEvent[]): Promise<void> {
  const checkpoint = await lockCheckpoint(tx, projector.name);
  if (checkpoint.transactionId !== after.transactionId || checkpoint.position !== after.position) {
    throw new Error(`projection ${projector.name} moved from position ${after.position} to ${checkpoint.position} while its next batch was read`);
  }
  await projector.apply(events, tx);
  await saveCheckpoint(tx, projector.name, events[events.length - 1], events.length);
}

async function lockCheckpoint(tx: PoolClient, projection: string) {
  await tx.query('INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING', [projection]);
  await tx.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR UPDATE', [projection]);
  return readCheckpoint(tx, projection);
}
