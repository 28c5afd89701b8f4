import type { Pool, PoolClient } from 'pg';
import { START_OF_LOG, type LogPosition } from '#libs/event-store';

export interface Checkpoint extends LogPosition {
  eventsApplied: number;
  updatedAt: Date;
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

export async function readCheckpoint(db: Queryable, projection: string): Promise<Checkpoint> {
  const { rows } = await db.query(
    `SELECT transaction_id::text AS transaction_id, position::text AS position, events_applied::text AS events_applied, updated_at
     FROM projection_checkpoints WHERE projection = $1`,
    [projection],
  );
  if (rows.length === 0) return { ...START_OF_LOG, eventsApplied: 0, updatedAt: new Date(0) };
  const row = rows[0];
  return {
    transactionId: row.transaction_id,
    position: Number(row.position),
    eventsApplied: Number(row.events_applied),
    updatedAt: row.updated_at,
  };
}

export async function saveCheckpoint(tx: PoolClient, projection: string, at: LogPosition, applied: number): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (projection, transaction_id, position, events_applied, updated_at)
     VALUES ($1, $2::xid8, $3, $4, now())
     ON CONFLICT (projection) DO UPDATE
       SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position,
           events_applied = projection_checkpoints.events_applied + $4, updated_at = now()`,
    [projection, at.transactionId, at.position, applied],
  );
}
