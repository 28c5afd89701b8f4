import type { Pool } from 'pg';
import type { CalendarDate } from '#libs/portfolio';
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
  sort: ProjectSort;
  order: 'asc' | 'desc';
  page: number;
  limit: number;
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
 * The project list from the read models. Everything that depends on today (overdue, days late,
 * RAG) is computed here from the stored dates, so it is right on the day it changes without any event.
 */
export async function listProjects(pool: Pick<Pool, 'query'>, filter: ProjectListFilter, today: CalendarDate, rag: RagThresholds) {
  const { rows } = await pool.query(
    `WITH judged AS (
       SELECT s.*, s.planned_completion::text AS planned_completion_on, m.overdue_count, m.days_late, m.next_due_date, m.next_milestone,
         CASE
           WHEN s.status IN ('completed', 'cancelled') THEN 'green'
           WHEN m.days_late > $3 OR (s.planned_completion < $1::date AND s.status <> 'suspended') THEN 'red'
           WHEN m.overdue_count > 0 OR m.due_soon THEN 'amber'
           ELSE 'green'
         END AS rag
       FROM project_summaries s
       LEFT JOIN LATERAL (
         SELECT
           count(*) FILTER (WHERE pm.completed_on IS NULL AND pm.due_date < $1::date AND pm.project_active)::int AS overdue_count,
           coalesce(max($1::date - pm.due_date) FILTER (WHERE pm.completed_on IS NULL AND pm.due_date < $1::date AND pm.project_active), 0)::int AS days_late,
           min(pm.due_date) FILTER (WHERE pm.completed_on IS NULL)::text AS next_due_date,
           (array_agg(pm.title ORDER BY pm.due_date) FILTER (WHERE pm.completed_on IS NULL))[1] AS next_milestone,
           coalesce(bool_or(pm.completed_on IS NULL AND pm.started_on IS NULL AND pm.project_active
                            AND pm.due_date >= $1::date AND pm.due_date <= $1::date + $2::int), false) AS due_soon
         FROM project_milestones pm WHERE pm.project_id = s.project_id
       ) m ON true
       WHERE ($4::text IS NULL OR s.county = $4)
         AND ($5::text IS NULL OR s.category = $5)
         AND ($6::text IS NULL OR s.status = $6)
         AND ($7::text IS NULL OR s.name ILIKE '%' || $7 || '%')
     )
     SELECT *, count(*) OVER ()::int AS total FROM judged
     WHERE ($8::text IS NULL OR rag = $8)
       AND ($9::boolean IS NULL OR (overdue_count > 0) = $9)
     ORDER BY ${orderBy(filter)}, project_id
     LIMIT $10 OFFSET $11`,
    [
      today,
      rag.amberDays,
      rag.redDays,
      filter.county ?? null,
      filter.category ?? null,
      filter.status ?? null,
      filter.q ?? null,
      filter.rag ?? null,
      filter.overdue ?? null,
      filter.limit,
      (filter.page - 1) * filter.limit,
    ],
  );
  return { total: rows[0]?.total ?? 0, page: filter.page, limit: filter.limit, items: rows.map(toItem) };
}

const SORT_COLUMNS: Record<ProjectSort, string> = {
  name: 'name',
  days_late: 'days_late',
  next_due_date: 'next_due_date',
  planned_completion: 'planned_completion',
  last_recorded_at: 'last_recorded_at',
};

function orderBy(filter: ProjectListFilter): string {
  return `${SORT_COLUMNS[filter.sort]} ${filter.order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`;
}

function toItem(row: Record<string, unknown>): ProjectListItem {
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
    overdueCount: (row.overdue_count as number) ?? 0,
    daysLate: (row.days_late as number) ?? 0,
    nextDueDate: (row.next_due_date as string | null) ?? null,
    nextMilestone: (row.next_milestone as string | null) ?? null,
    rag: row.rag as ProjectListItem['rag'],
    version: row.version as number,
  };
}
