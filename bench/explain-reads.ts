import type pg from 'pg';
import type { CalendarDate, CountySlug } from '#libs/portfolio';
import { countyViews, listProjects, type RagThresholds } from '#libs/projections';

export interface ExplainedQuery {
  /** Which read it belongs to. */
  read: string;
  sql: string;
  values: unknown[];
  /** EXPLAIN (ANALYZE, BUFFERS) output. */
  plan: string;
  executionMs: number;
}

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The plans of the SQL the measured reads send: each read runs once through a pool that records
 * its queries, then each query runs again under EXPLAIN (ANALYZE, BUFFERS).
 */
export async function explainReads(pool: pg.Pool, at: { today: CalendarDate; asOf: CalendarDate; county: CountySlug; rag: RagThresholds }): Promise<ExplainedQuery[]> {
  const reads: [string, (db: Queryable) => Promise<unknown>][] = [
    ['GET /api/counties', (db) => countyViews(db, { day: at.today })],
    [
      `GET /api/projects?county=${at.county}&overdue=true`,
      (db) => listProjects(db, { county: at.county, overdue: true, sort: 'name', order: 'asc', page: 1, limit: 50 }, at.today, at.rag),
    ],
    [`GET /api/counties?asOf=${at.asOf}`, (db) => countyViews(db, { day: at.asOf, asOf: at.asOf })],
  ];
  const explained: ExplainedQuery[] = [];
  for (const [read, run] of reads) {
    const sent: { sql: string; values: unknown[] }[] = [];
    const recorder = {
      query: (sql: string, values: unknown[] = []) => {
        sent.push({ sql, values });
        return pool.query(sql, values);
      },
    } as unknown as Queryable;
    await run(recorder);
    for (const { sql, values } of sent) {
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
      const plan = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
      const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      explained.push({ read, sql: sql.replace(/\s+/g, ' ').trim(), values, plan, executionMs });
    }
  }
  return explained;
}
