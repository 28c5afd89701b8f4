import type { PoolClient } from 'pg';
import type { RecordedEvent } from '#libs/event-store';
import { evolve, isProjectEventType, type ProjectEvent, type ProjectState } from '#libs/portfolio';
import type { Projector } from '../projector.js';
import {
  milestoneRows,
  stateFromRows,
  summaryRow,
  type ProjectMilestoneRow,
  type ProjectSummaryRow,
  type StreamPosition,
} from './project-rows.js';

const DATE = (column: string) => `${column}::text AS ${column}`;
const SUMMARY_COLUMNS = `project_id, name, county, category, sub_type, action, plan, synthetic, source_ref,
  ${DATE('planned_start')}, ${DATE('planned_completion')}, manager_email, status, suspension_reason,
  cancellation_reason, milestones_total, milestones_done, version, last_position::float8 AS last_position, last_recorded_at`;
const MILESTONE_COLUMNS = `project_id, key, ordinal, title, county, ${DATE('due_date')}, ${DATE('original_due_date')},
  ${DATE('started_on')}, ${DATE('completed_on')}, note, reschedule_count, project_active`;

/**
 * One row per project and one per milestone, kept by folding each batch's events with the
 * aggregate's own `evolve` onto the state the rows hold — so the rows always equal a fold of the log.
 */
export class ProjectSummaryProjector implements Projector {
  readonly name = 'project_summaries';

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const projectEvents = events.filter((e) => isProjectEventType(e.type));
    if (projectEvents.length === 0) return;
    const ids = [...new Set(projectEvents.map((e) => e.streamId))];
    const states = await loadStates(tx, ids);
    const positions = new Map<string, StreamPosition>();
    for (const event of projectEvents) {
      states.set(event.streamId, evolve(states.get(event.streamId) ?? null, { type: event.type, data: event.data } as ProjectEvent));
      positions.set(event.streamId, { version: event.version, position: event.position, recordedAt: event.recordedAt });
    }
    const changed = ids.map((id) => ({ state: states.get(id)!, at: positions.get(id)! }));
    await upsert(tx, 'project_summaries', ['project_id'], changed.map(({ state, at }) => summaryRow(state, at)));
    await upsert(tx, 'project_milestones', ['project_id', 'key'], changed.flatMap(({ state }) => milestoneRows(state)));
  }
}

async function loadStates(tx: PoolClient, ids: string[]): Promise<Map<string, ProjectState>> {
  const summaries = await tx.query<ProjectSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM project_summaries WHERE project_id = ANY($1)`, [ids]);
  const milestones = await tx.query<ProjectMilestoneRow>(`SELECT ${MILESTONE_COLUMNS} FROM project_milestones WHERE project_id = ANY($1)`, [ids]);
  const byProject = new Map<string, ProjectMilestoneRow[]>();
  for (const m of milestones.rows) byProject.set(m.project_id, [...(byProject.get(m.project_id) ?? []), m]);
  return new Map(summaries.rows.map((s) => [s.project_id, stateFromRows(s, byProject.get(s.project_id) ?? [])]));
}

/** Insert or update many rows in one statement (PostgreSQL turns the JSON into rows of the table's type). */
async function upsert(tx: PoolClient, table: string, key: string[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
    [JSON.stringify(rows)],
  );
}
