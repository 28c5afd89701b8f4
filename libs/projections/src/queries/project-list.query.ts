import type { Pool } from 'pg';
import type { CalendarDate } from '#libs/portfolio';
import { judgedProjects, SqlParameters } from './judged-projects.js';
import type { RagThresholds } from './rag-thresholds.js';

export const PROJECT_SORTS = ['name', 'days_late', 'next_due_date', 'planned_completion', 'last_recorded_at'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export interface ProjectListFilter {
  county?: string;
  category?: string;
  status?: string;
  rag?: 'red' | 'amber' | 'green';
  overdue?: boolean;
  q?: string;
  /** Default: name, ascending, page 1 of 50. */
  sort?: ProjectSort;
  order?: 'asc' | 'desc';
  page?: number;
  limit?: number;
  /** The list as recorded by the end of that day (and judged on that day). */
  asOf?: CalendarDate;
}

export interface ProjectListItem {
  id: string;
  name: string;
  county: string;
  category: string;
  subType: string;
  status: string;
  synthetic: boolean;
  plannedCompletion: string | null;
  milestonesDone: number;
  milestonesTotal: number;
  overdueCount: number;
  daysLate: number;
  nextDueDate: string | null;
  nextMilestone: string | null;
  rag: 'red' | 'amber' | 'green';
  version: number;
}

/**
 * The project list from the read models. Overdue, days late and RAG are computed here from the
 * stored dates, so they are right on the day they change without any event.
 */
export async function listProjects(pool: Pick<Pool, 'query'>, query: ProjectListFilter, today: CalendarDate, rag: RagThresholds) {
  const filter = { ...query, page: query.page ?? 1, limit: query.limit ?? 50 };
  const params = new SqlParameters();
  const selected = selectProjects(params, filter, today, rag);
  const limit = params.add(filter.limit);
  const offset = params.add((filter.page - 1) * filter.limit);
  const { rows } = await pool.query(
    `WITH judged AS (${selected.judged}),
     page AS (
       SELECT *, count(*) OVER ()::int AS total FROM judged WHERE ${selected.where}
       ORDER BY ${selected.orderBy} LIMIT ${limit} OFFSET ${offset}
     )
     SELECT page.*, ${selected.columns} FROM page ORDER BY ${selected.orderBy}`,
    params.values,
  );
  return { total: rows[0]?.total ?? 0, page: filter.page, limit: filter.limit, items: rows.map(toProjectListItem) };
}

/**
 * What a list of projects selects, shared by the paged list and the export (project-export.query.ts):
 * the judged projects, the filter, the order (ties broken by id) and the columns computed from the day.
 */
export function selectProjects(params: SqlParameters, filter: Omit<ProjectListFilter, 'page' | 'limit'>, today: CalendarDate, rag: RagThresholds) {
  const day = filter.asOf ?? today;
  const judged = judgedProjects(params, { day, rag, asOf: filter.asOf, county: filter.county });
  const where = ['true'];
  if (filter.category) where.push(`category = ${params.add(filter.category)}`);
  if (filter.status) where.push(`status = ${params.add(filter.status)}`);
  if (filter.q) where.push(`name ILIKE '%' || ${params.add(escapeLike(filter.q))} || '%'`);
  if (filter.rag) where.push(`rag = ${params.add(filter.rag)}`);
  if (filter.overdue !== undefined) where.push(filter.overdue ? 'overdue' : 'NOT overdue');
  const columns = `planned_completion::text AS planned_completion_on, next_due_date::text AS next_due_on,
       CASE WHEN active THEN (SELECT count(*) FROM unnest(open_due_dates) d WHERE d < ${params.add(day)}::date) ELSE 0 END::int AS overdue_count`;
  return { judged, where: where.join(' AND '), orderBy: `${orderBy({ sort: filter.sort ?? 'name', order: filter.order ?? 'asc' })}, project_id`, columns };
}

const SORT_COLUMNS: Record<ProjectSort, string> = {
  name: 'name',
  days_late: 'days_late',
  next_due_date: 'next_due_date',
  planned_completion: 'planned_completion',
  last_recorded_at: 'last_recorded_at',
};

function orderBy(filter: { sort: ProjectSort; order: 'asc' | 'desc' }): string {
  return `${SORT_COLUMNS[filter.sort]} ${filter.order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toProjectListItem(row: Record<string, unknown>): ProjectListItem {
  return {
    id: row.project_id as string,
    name: row.name as string,
    county: row.county as string,
    category: row.category as string,
    subType: row.sub_type as string,
    status: row.status as string,
    synthetic: row.synthetic as boolean,
    plannedCompletion: (row.planned_completion_on as string | null) ?? null,
    milestonesDone: row.milestones_done as number,
    milestonesTotal: row.milestones_total as number,
    overdueCount: row.overdue_count as number,
    daysLate: row.days_late as number,
    nextDueDate: (row.next_due_on as string | null) ?? null,
    nextMilestone: (row.next_milestone as string | null) ?? null,
    rag: row.rag as ProjectListItem['rag'],
    version: row.version as number,
  };
}
