import type { Pool } from 'pg';
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { foldProject, isProjectEventType, shanghaiDate, type ProjectEvent, type ProjectState } from '#libs/portfolio';
import { CALENDAR_KINDS, calendarEntries, milestoneRows, summaryRow, type ProjectSummaryRow } from '#libs/projections';

const SUMMARY_COLUMNS = `project_id, name, county, category, sub_type, action, plan, synthetic, source_ref,
  planned_start::text AS planned_start, planned_completion::text AS planned_completion, manager_email, status,
  suspension_reason, cancellation_reason, milestones_total, milestones_done, version,
  last_position::float8 AS last_position, to_json(last_recorded_at)#>>'{}' AS last_recorded_at,
  open_due_dates::text[] AS open_due_dates, next_due_date::text AS next_due_date, next_milestone,
  unstarted_due_date::text AS unstarted_due_date`;
const MILESTONES = `SELECT project_id, key, ordinal, title, county, due_date::text AS due_date,
  original_due_date::text AS original_due_date, started_on::text AS started_on, completed_on::text AS completed_on,
  note, reschedule_count, project_active FROM project_milestones ORDER BY project_id, ordinal`;

interface CalendarCount {
  county: string;
  category: string;
  kind: string;
  on_date: string;
  count: number;
}

const byKey = (a: Omit<CalendarCount, 'on_date'> & { on_date?: string }, b: Omit<CalendarCount, 'on_date'> & { on_date?: string }) =>
  `${a.county}|${a.category}|${a.kind}|${a.on_date}`.localeCompare(`${b.county}|${b.category}|${b.kind}|${b.on_date}`);
const byTotalKey = (a: Omit<CalendarCount, 'on_date'>, b: Omit<CalendarCount, 'on_date'>) =>
  `${a.county}|${a.category}|${a.kind}`.localeCompare(`${b.county}|${b.category}|${b.kind}`);
const normalise = (rows: ProjectSummaryRow[]) => rows.map((r) => ({ ...r, last_recorded_at: new Date(r.last_recorded_at).toISOString() }));

/** The read-model rows as stored, and what the recorded-day tables say the portfolio was at the end of each day. */
export async function storedRows(pool: Pool) {
  const summaries = normalise((await pool.query(`SELECT ${SUMMARY_COLUMNS} FROM project_summaries ORDER BY project_id`)).rows);
  const milestones = (await pool.query(MILESTONES)).rows;
  const calendar = perKind((await pool.query(`SELECT *, on_date::text AS on_date FROM county_calendar`)).rows).sort(byKey);
  const totals = perKind((await pool.query(`SELECT * FROM county_totals`)).rows).sort(byTotalKey);
  const asRecorded = [];
  for (const day of await recordedDays(pool)) {
    const projects = await pool.query(
      `SELECT DISTINCT ON (project_id) ${SUMMARY_COLUMNS} FROM project_summary_history WHERE recorded_day <= $1
       ORDER BY project_id, recorded_day DESC`,
      [day],
    );
    const changes = await pool.query(
      `SELECT county, category, on_date::text AS on_date, ${CALENDAR_KINDS.map((k) => `sum(${k})::int AS ${k}`).join(', ')}
       FROM county_calendar_changes WHERE recorded_day <= $1 GROUP BY 1, 2, 3`,
      [day],
    );
    asRecorded.push({ day, projects: normalise(projects.rows), calendar: perKind(changes.rows).sort(byKey) });
  }
  return { summaries, milestones, calendar, totals, asRecorded };
}

/** What the rows must be: a straightforward fold of each project's stream, built without the projector. */
export async function foldedRows(pool: Pool) {
  const store = new EventStore(pool);
  const { rows } = await pool.query(`SELECT DISTINCT stream_id FROM events WHERE type = 'project.registered' ORDER BY stream_id`);
  const streams: RecordedEvent[][] = [];
  for (const { stream_id: id } of rows) streams.push((await store.readStream(id)).filter((e) => isProjectEventType(e.type)));
  const now = folded(streams);
  const asRecorded = [];
  for (const day of await recordedDays(pool)) {
    const then = folded(streams.map((events) => events.filter((e) => shanghaiDate(e.recordedAt) <= day)).filter((events) => events.length > 0));
    asRecorded.push({ day, projects: then.summaries, calendar: then.calendar });
  }
  return { ...now, asRecorded };
}

function folded(streams: readonly RecordedEvent[][]) {
  const summaries = [];
  const milestones = [];
  const calendar = new Map<string, CalendarCount>();
  for (const events of streams) {
    const state = foldProject(events.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent))!;
    const last = events[events.length - 1];
    summaries.push(summaryRow(state, { version: last.version, position: last.position, recordedAt: last.recordedAt }));
    milestones.push(...milestoneRows(state));
    count(calendar, state);
  }
  const totals = new Map<string, { county: string; category: string; kind: string; count: number }>();
  for (const c of calendar.values()) {
    const key = `${c.county}|${c.category}|${c.kind}`;
    const total = totals.get(key) ?? { county: c.county, category: c.category, kind: c.kind, count: 0 };
    total.count += c.count;
    totals.set(key, total);
  }
  return {
    summaries: normalise(summaries),
    milestones,
    calendar: [...calendar.values()].sort(byKey),
    totals: [...totals.values()].sort(byTotalKey),
  };
}

function count(calendar: Map<string, CalendarCount>, state: ProjectState): void {
  for (const { kind, onDate } of calendarEntries(state)) {
    const key = `${state.county}|${state.category}|${kind}|${onDate}`;
    const entry = calendar.get(key) ?? { county: state.county, category: state.category, kind, on_date: onDate, count: 0 };
    entry.count += 1;
    calendar.set(key, entry);
  }
}

/** Wide rows (a count column per kind) as one row per non-zero count. */
function perKind<T extends { county: string; category: string; on_date?: string }>(rows: (T & Record<string, unknown>)[]) {
  return rows.flatMap((r) =>
    CALENDAR_KINDS.filter((kind) => r[kind] !== 0).map((kind) => ({
      county: r.county,
      category: r.category,
      kind: kind as string,
      ...(r.on_date === undefined ? {} : { on_date: r.on_date }),
      count: r[kind] as number,
    })),
  );
}

async function recordedDays(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query(`SELECT DISTINCT (recorded_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day FROM events ORDER BY 1`);
  return rows.map((r) => r.day);
}
