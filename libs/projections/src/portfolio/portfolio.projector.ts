import type { PoolClient } from 'pg';
import type { RecordedEvent } from '#libs/event-store';
import { evolve, isProjectEventType, shanghaiDate, type CalendarDate, type ProjectEvent, type ProjectState } from '#libs/portfolio';
import type { Projector } from '../projector.js';
import { addCounts, CountChanges, type CountChange } from './county-counts.js';
import { portfolioTables, type PortfolioTables } from './portfolio-tables.js';
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
 * The portfolio projection. Each batch's events are folded with the aggregate's own `evolve`
 * onto the state the rows hold — so the rows always equal a fold of the log — and the change
 * of each project's calendar entries is added to its county's counts, current and by recorded day.
 */
export const PORTFOLIO_PROJECTION = 'portfolio';
const FLUSH_CHUNK = 20_000;

export class PortfolioProjector implements Projector {
  readonly name: string;
  readonly tables: PortfolioTables;
  private readonly deferCounts: boolean;
  private readonly deferred = new CountChanges();

  /**
   * A rebuild or a verify runs it under its own checkpoint name, into tables with a suffix, and
   * defers the county counts: nothing reads its tables until they are complete, so the counts are
   * summed in memory (one entry per county, category and date, not per event) and written once by `flush`.
   */
  constructor(options: { name?: string; tableSuffix?: string; deferCounts?: boolean } = {}) {
    this.name = options.name ?? PORTFOLIO_PROJECTION;
    this.tables = portfolioTables(options.tableSuffix);
    this.deferCounts = options.deferCounts ?? false;
  }

  async flush(tx: PoolClient): Promise<void> {
    const changes = this.deferred.take();
    for (let start = 0; start < changes.length; start += FLUSH_CHUNK) await this.writeCounts(tx, changes.slice(start, start + FLUSH_CHUNK));
  }

  async apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const byProject = groupByProject(events.filter((e) => isProjectEventType(e.type)));
    if (byProject.size === 0) return;
    const stored = await this.loadStates(tx, [...byProject.keys()]);
    const history: (ProjectSummaryRow & { recorded_day: string })[] = [];
    const summaries: typeof history = [];
    const milestones: ProjectMilestoneRow[] = [];
    const counts = this.deferCounts ? this.deferred : new CountChanges();
    for (const [id, projectEvents] of byProject) {
      let state = stored.get(id)?.state ?? null;
      for (const day of groupByRecordedDay(projectEvents, stored.get(id)?.recordedDay ?? '')) {
        const before = state;
        for (const event of day.events) state = evolve(state, { type: event.type, data: event.data } as ProjectEvent);
        const last = day.events[day.events.length - 1];
        const at: StreamPosition = { version: last.version, position: last.position, recordedAt: last.recordedAt };
        history.push({ ...summaryRow(state!, at), recorded_day: day.recordedDay });
        counts.add(before, state!, day.recordedDay);
      }
      summaries.push(history[history.length - 1]);
      milestones.push(...milestoneRows(state!));
    }
    await upsert(tx, this.tables.summaries, ['project_id'], summaries.map(({ recorded_day: _, ...row }) => row));
    await upsert(tx, this.tables.milestones, ['project_id', 'key'], milestones);
    await upsert(tx, this.tables.history, ['project_id', 'recorded_day'], history);
    if (!this.deferCounts) await this.writeCounts(tx, counts.take());
  }

  private async loadStates(tx: PoolClient, ids: string[]): Promise<Map<string, { state: ProjectState; recordedDay: CalendarDate }>> {
    const summaries = await tx.query<ProjectSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${this.tables.summaries} WHERE project_id = ANY($1)`, [ids]);
    const milestones = await tx.query<ProjectMilestoneRow>(`SELECT ${MILESTONE_COLUMNS} FROM ${this.tables.milestones} WHERE project_id = ANY($1)`, [ids]);
    const byProject = new Map<string, ProjectMilestoneRow[]>();
    for (const m of milestones.rows) byProject.set(m.project_id, [...(byProject.get(m.project_id) ?? []), m]);
    return new Map(
      summaries.rows.map((s) => [
        s.project_id,
        { state: stateFromRows(s, byProject.get(s.project_id) ?? []), recordedDay: shanghaiDate(new Date(s.last_recorded_at)) },
      ]),
    );
  }

  /** Adds the changes to the current counts, the totals and the recorded day's changes. */
  private async writeCounts(tx: PoolClient, changes: readonly CountChange[]): Promise<void> {
    await addCounts(tx, this.tables.calendar, ['county', 'category', 'on_date'], changes);
    await addCounts(tx, this.tables.totals, ['county', 'category'], changes);
    await addCounts(tx, this.tables.changes, ['recorded_day', 'county', 'category', 'on_date'], changes);
  }
}

function groupByProject(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.streamId);
    if (group) group.push(event);
    else groups.set(event.streamId, [event]);
  }
  return groups;
}

/**
 * Consecutive events recorded on the same day in Asia/Shanghai. A transaction that started before
 * midnight may commit after a later one; its events count on the later day, so days never go back.
 */
function groupByRecordedDay(events: readonly RecordedEvent[], lastRecordedDay: CalendarDate): { recordedDay: CalendarDate; events: RecordedEvent[] }[] {
  const days: { recordedDay: CalendarDate; events: RecordedEvent[] }[] = [];
  for (const event of events) {
    const last = days[days.length - 1];
    const day = shanghaiDate(event.recordedAt);
    const floor = last?.recordedDay ?? lastRecordedDay;
    const recordedDay = floor > day ? floor : day;
    if (last?.recordedDay === recordedDay) last.events.push(event);
    else days.push({ recordedDay, events: [event] });
  }
  return days;
}

/** Insert or update many rows in one statement (PostgreSQL turns the JSON into rows of the table's type; plain json parses faster than jsonb here). */
async function upsert(tx: PoolClient, table: string, key: string[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
    [JSON.stringify(rows)],
  );
}
