import type { CalendarDate } from '#libs/portfolio';
import type { RagThresholds } from './rag-thresholds.js';

/** Collects a query's values and hands out their `$n` placeholders. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface JudgedProjectsOptions {
  /** The day overdue, days late and RAG are judged on. */
  day: CalendarDate;
  rag: RagThresholds;
  /** Read the projects as recorded by the end of that day instead of as they are now. */
  asOf?: CalendarDate;
  county?: string;
}

/**
 * Projects with what depends on the day (design §3): active, overdue, days late and RAG — red when
 * a milestone is more than `redDays` overdue or the planned completion has passed, amber when
 * anything is overdue or a milestone not started is due within `amberDays`. Only projects not
 * started or in progress are judged; the others are green.
 */
export function judgedProjects(params: SqlParameters, options: JudgedProjectsOptions): string {
  const day = `${params.add(options.day)}::date`;
  const county = options.county === undefined ? null : params.add(options.county);
  const source = options.asOf
    ? `(SELECT DISTINCT ON (project_id) * FROM project_summary_history
        WHERE recorded_day <= ${params.add(options.asOf)}::date ${county ? `AND county = ${county}` : ''}
        ORDER BY project_id, recorded_day DESC)`
    : 'project_summaries';
  const redBefore = `${day} - ${params.add(options.rag.redDays)}::int`;
  const amberUntil = `${day} + ${params.add(options.rag.amberDays)}::int`;
  return `
    SELECT s.*, a.active, a.active AND s.next_due_date < ${day} AS overdue,
      CASE WHEN a.active AND s.next_due_date < ${day} THEN ${day} - s.next_due_date ELSE 0 END AS days_late,
      CASE
        WHEN NOT a.active THEN 'green'
        WHEN s.next_due_date < ${redBefore} OR s.planned_completion < ${day} THEN 'red'
        WHEN s.next_due_date < ${day} OR s.unstarted_due_date <= ${amberUntil} THEN 'amber'
        ELSE 'green'
      END AS rag
    FROM ${source} s
    CROSS JOIN LATERAL (SELECT s.status IN ('not_started', 'in_progress') AS active) a
    ${county ? `WHERE s.county = ${county}` : ''}`;
}
