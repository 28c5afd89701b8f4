import type { Pool } from 'pg';
import { EventStore } from '#libs/event-store';
import { decideProject, foldProject, type CalendarDate, type ProjectCommand, type ProjectEvent } from '#libs/portfolio';

/**
 * Records a command as if it had been recorded on an earlier day: decided by the aggregate with
 * that day as today, its events written with that day's recorded_at. The event store never lets
 * a caller choose recorded_at; only tests of "as recorded by then" need to.
 */
export async function recordOn(pool: Pool, day: CalendarDate, projectId: string, command: ProjectCommand): Promise<void> {
  const stream = await new EventStore(pool).readStream(projectId);
  const state = foldProject(stream.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent));
  const events = decideProject(command, state, day);
  await pool.query(
    `INSERT INTO events (stream_id, version, type, schema_version, data, metadata, recorded_at)
     SELECT $1, $2::int + ordinality, e->>'type', 1, e->'data', '{"actor": "backdated-test"}'::jsonb, $4::timestamptz
     FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(e, ordinality)`,
    [projectId, stream.length, JSON.stringify(events), `${day}T10:00:00+08:00`],
  );
}
