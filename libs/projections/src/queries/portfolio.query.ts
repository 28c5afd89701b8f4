import type { Pool } from 'pg';
import { COUNTIES } from '#libs/portfolio';
import { completionFigures, type CompletionFigures } from '../portfolio/county-figures.js';
import { categoryFigures, readCountySums, type ViewDate } from './county-view.query.js';
import { judgedProjects, SqlParameters } from './judged-projects.js';
import type { RagThresholds } from './rag-thresholds.js';

export interface OverdueProject {
  id: string;
  name: string;
  county: string;
  category: string;
  nextMilestone: string | null;
  nextDueDate: string | null;
  daysLate: number;
  rag: string;
  synthetic: boolean;
}

export interface PortfolioOverview extends CompletionFigures {
  counties: (CompletionFigures & { slug: string; name: string; code: string })[];
  byCategory: (CompletionFigures & { category: string })[];
  /** Projects by RAG light and how many of them are synthetic demo data; null for business-date views. */
  rag: { red: number; amber: number; green: number } | null;
  syntheticProjects: number | null;
  mostOverdue: OverdueProject[] | null;
}

/**
 * The city-wide overview. RAG and the most overdue projects need each project's dates as they
 * stood, which only the recorded views have (now, or as of a day): a business-date view leaves them null.
 */
export async function portfolioOverview(db: Pick<Pool, 'query'>, at: ViewDate, rag: RagThresholds, businessDate: boolean): Promise<PortfolioOverview> {
  const sums = await readCountySums(db, at);
  const judged = businessDate ? null : await judgedFigures(db, at, rag);
  return {
    ...completionFigures(sums),
    counties: COUNTIES.map((c) => ({ slug: c.slug, name: c.name, code: c.code, ...completionFigures(sums.filter((s) => s.county === c.slug)) })),
    byCategory: categoryFigures(sums),
    rag: judged?.rag ?? null,
    syntheticProjects: judged?.synthetic ?? null,
    mostOverdue: judged?.mostOverdue ?? null,
  };
}

async function judgedFigures(db: Pick<Pool, 'query'>, at: ViewDate, rag: RagThresholds) {
  const params = new SqlParameters();
  const judged = judgedProjects(params, { day: at.day, rag, asOf: at.asOf });
  const { rows } = await db.query(
    `WITH judged AS (${judged})
     SELECT 'count' AS part, rag, count(*)::int AS projects, (count(*) FILTER (WHERE synthetic))::int AS synthetic,
            NULL::text AS project_id, NULL AS name, NULL AS county, NULL AS category, NULL AS next_milestone, NULL AS next_due_on, NULL::int AS days_late
     FROM judged WHERE status <> 'cancelled' GROUP BY rag
     UNION ALL
     (SELECT 'overdue', rag, NULL, synthetic::int, project_id, name, county, category, next_milestone, next_due_date::text, days_late
      FROM judged WHERE overdue ORDER BY days_late DESC, project_id LIMIT 10)`,
    params.values,
  );
  const counts = rows.filter((r) => r.part === 'count');
  const count = (light: string) => counts.find((r) => r.rag === light)?.projects ?? 0;
  return {
    rag: { red: count('red'), amber: count('amber'), green: count('green') },
    synthetic: counts.reduce((n, r) => n + r.synthetic, 0),
    mostOverdue: rows
      .filter((r) => r.part === 'overdue')
      .map((r) => ({
        id: r.project_id,
        name: r.name,
        county: r.county,
        category: r.category,
        nextMilestone: r.next_milestone,
        nextDueDate: r.next_due_on,
        daysLate: r.days_late,
        rag: r.rag,
        synthetic: r.synthetic === 1,
      })),
  };
}
