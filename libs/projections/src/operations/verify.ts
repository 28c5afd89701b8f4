import type { Pool, PoolClient } from 'pg';
import { EventStore } from '#libs/event-store';
import { applyBatch } from '../apply-batch.js';
import { readCheckpoint } from '../checkpoints.js';
import { catchUp } from './catch-up.js';
import type { ProjectionDefinition } from './projection-catalog.js';
import { createScratchTables, dropScratchTables } from './scratch-tables.js';

const SUFFIX = '_verify';
const SAMPLE_ROWS = 5;

export interface TableDifference {
  table: string;
  /** Rows the live table has and a rebuild does not, and the other way round (a few of each as samples). */
  onlyLive: number;
  onlyRebuilt: number;
  samples: { onlyLive: unknown[]; onlyRebuilt: unknown[] };
}

export interface VerifyReport {
  projection: string;
  position: number;
  events: number;
  differences: TableDifference[];
}

/**
 * Rebuilds a projection into scratch tables up to exactly where the live projection stands
 * (holding its checkpoint row meanwhile, so it cannot move) and compares them row for row.
 */
export async function verifyProjection(pool: Pool, projection: ProjectionDefinition, options: { batchSize?: number } = {}): Promise<VerifyReport> {
  const store = new EventStore(pool);
  const scratchName = `${projection.name}${SUFFIX}`;
  const projector = projection.projector({ name: scratchName, tableSuffix: SUFFIX, deferWrites: true });
  const batchSize = options.batchSize ?? 5000;
  await createScratchTables(pool, projection.tables, SUFFIX);
  await pool.query('DELETE FROM projection_checkpoints WHERE projection = $1', [scratchName]);
  try {
    await catchUp(pool, store, projector, batchSize, await readCheckpoint(pool, projection.name));
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 FOR SHARE', [projection.name]);
      const live = await readCheckpoint(tx, projection.name);
      while ((await applyBatch(tx, store, projector, batchSize, live)) > 0);
      await projector.flush?.(tx);
      const differences: TableDifference[] = [];
      for (const table of projection.tables) {
        const difference = await compare(tx, table, `${table}${SUFFIX}`);
        if (difference.onlyLive + difference.onlyRebuilt > 0) differences.push(difference);
      }
      await tx.query('ROLLBACK');
      return { projection: projection.name, position: live.position, events: live.eventsApplied, differences };
    } finally {
      tx.release();
    }
  } finally {
    await dropScratchTables(pool, projection.tables, SUFFIX);
    await pool.query('DELETE FROM projection_checkpoints WHERE projection = $1', [scratchName]);
  }
}

async function compare(tx: PoolClient, live: string, rebuilt: string): Promise<TableDifference> {
  const only = async (a: string, b: string) => {
    const { rows } = await tx.query(
      `WITH diff AS (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})
       SELECT (SELECT count(*)::int FROM diff) AS n, (SELECT coalesce(json_agg(d), '[]') FROM (SELECT * FROM diff LIMIT ${SAMPLE_ROWS}) d) AS sample`,
    );
    return rows[0] as { n: number; sample: unknown[] };
  };
  const [onlyLive, onlyRebuilt] = [await only(live, rebuilt), await only(rebuilt, live)];
  return { table: live, onlyLive: onlyLive.n, onlyRebuilt: onlyRebuilt.n, samples: { onlyLive: onlyLive.sample, onlyRebuilt: onlyRebuilt.sample } };
}
