import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { CalendarDate } from '#libs/portfolio';
import { SqlParameters } from './judged-projects.js';
import { selectProjects, toProjectListItem, type ProjectListFilter, type ProjectListItem } from './project-list.query.js';
import type { RagThresholds } from './rag-thresholds.js';

/** A project as an export lists it: the list's item and what a spreadsheet also wants. */
export interface ProjectExportItem extends ProjectListItem {
  action: string;
  plannedStart: string | null;
  managerEmail: string;
  /** When anything was last recorded on the project (ISO 8601). */
  lastRecordedAt: string;
}

/**
 * Every project of a list — the same filter, order and day-dependent figures as `listProjects`,
 * without paging — read through a cursor in batches, so a 100k-project export never holds more
 * than one batch. The client is the caller's (it may hold a transaction for a consistent read);
 * the cursor is closed when the iteration ends, however it ends.
 */
export async function* streamProjects(
  client: PoolClient,
  filter: Omit<ProjectListFilter, 'page' | 'limit'>,
  today: CalendarDate,
  rag: RagThresholds,
  batchSize = 1000,
): AsyncGenerator<ProjectExportItem[], void, undefined> {
  const params = new SqlParameters();
  const selected = selectProjects(params, filter, today, rag);
  const cursor = client.query(
    new Cursor(
      `WITH judged AS (${selected.judged})
       SELECT judged.*, ${selected.columns}, planned_start::text AS planned_start_on, to_json(last_recorded_at)#>>'{}' AS last_recorded_on
       FROM judged WHERE ${selected.where} ORDER BY ${selected.orderBy}`,
      params.values,
    ),
  );
  let failed = false;
  try {
    for (;;) {
      const rows: Record<string, unknown>[] = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield rows.map(toExportItem);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failed cursor has already given the connection back to the protocol; closing it would wait forever.
    if (!failed) await cursor.close();
  }
}

function toExportItem(row: Record<string, unknown>): ProjectExportItem {
  return {
    ...toProjectListItem(row),
    action: row.action as string,
    plannedStart: (row.planned_start_on as string | null) ?? null,
    managerEmail: row.manager_email as string,
    lastRecordedAt: new Date(row.last_recorded_on as string).toISOString(),
  };
}
