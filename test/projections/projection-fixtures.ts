import type { Pool } from 'pg';
import { EventStore } from '#libs/event-store';
import { foldProject, isProjectEventType, type ProjectEvent } from '#libs/portfolio';
import { milestoneRows, summaryRow } from '#libs/projections';

const SUMMARY = `SELECT project_id, name, county, category, sub_type, action, plan, synthetic, source_ref,
  planned_start::text AS planned_start, planned_completion::text AS planned_completion, manager_email, status,
  suspension_reason, cancellation_reason, milestones_total, milestones_done, version,
  last_position::float8 AS last_position, to_json(last_recorded_at)#>>'{}' AS last_recorded_at
  FROM project_summaries ORDER BY project_id`;
const MILESTONES = `SELECT project_id, key, ordinal, title, county, due_date::text AS due_date,
  original_due_date::text AS original_due_date, started_on::text AS started_on, completed_on::text AS completed_on,
  note, reschedule_count, project_active FROM project_milestones ORDER BY project_id, ordinal`;

/** The read-model rows as stored. */
export async function storedRows(pool: Pool) {
  const summaries = (await pool.query(SUMMARY)).rows.map((r) => ({ ...r, last_recorded_at: new Date(r.last_recorded_at).toISOString() }));
  return { summaries, milestones: (await pool.query(MILESTONES)).rows };
}

/** What the rows must be: a straightforward fold of each project's stream, built without the projector. */
export async function foldedRows(pool: Pool) {
  const store = new EventStore(pool);
  const { rows } = await pool.query(`SELECT DISTINCT stream_id FROM events WHERE type = 'project.registered' ORDER BY stream_id`);
  const summaries = [];
  const milestones = [];
  for (const { stream_id: id } of rows) {
    const events = (await store.readStream(id)).filter((e) => isProjectEventType(e.type));
    const state = foldProject(events.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent))!;
    const last = events[events.length - 1];
    summaries.push(summaryRow(state, { version: last.version, position: last.position, recordedAt: last.recordedAt }));
    milestones.push(...milestoneRows(state));
  }
  return { summaries, milestones };
}
