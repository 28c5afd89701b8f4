import type { Pool } from 'pg';

export interface ProjectionLag {
  projection: string;
  /** Where the projector stands, and where the log ends. */
  position: number;
  lastPosition: number;
  /** Age of the oldest event the projector has not applied yet; 0 when it is caught up. */
  lagSeconds: number;
  updatedAt: Date;
}

/** How far behind the log each projector is (design §3). */
export async function projectionLags(pool: Pick<Pool, 'query'>): Promise<ProjectionLag[]> {
  const { rows } = await pool.query(`
    SELECT c.projection, c.position::text AS position, c.updated_at,
           (SELECT coalesce(max(position), 0) FROM events)::text AS last_position,
           coalesce(extract(epoch FROM now() - next.recorded_at), 0)::float8 AS lag_seconds
    FROM projection_checkpoints c
    LEFT JOIN LATERAL (
      SELECT e.recorded_at FROM events e
      WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)
      ORDER BY e.transaction_id, e.position
      LIMIT 1
    ) AS next ON true
    ORDER BY c.projection`);
  return rows.map((row) => ({
    projection: row.projection,
    position: Number(row.position),
    lastPosition: Number(row.last_position),
    lagSeconds: Math.max(0, Math.round(row.lag_seconds * 10) / 10),
    updatedAt: row.updated_at,
  }));
}
