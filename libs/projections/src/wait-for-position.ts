import type { Pool } from 'pg';

/**
 * Read-your-writes: resolves true once `projection` has applied the event at `position` (its
 * checkpoint is at or past that event in commit order), false when `timeoutMs` runs out first.
 */
export async function waitForPosition(pool: Pick<Pool, 'query'>, projection: string, position: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query(
      `SELECT (c.transaction_id, c.position) >= (e.transaction_id, e.position) AS reached
       FROM events e JOIN projection_checkpoints c ON c.projection = $1
       WHERE e.position = $2`,
      [projection, position],
    );
    if (rows[0]?.reached) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}
