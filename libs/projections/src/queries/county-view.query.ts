import type { Pool } from 'pg';
import { CATEGORIES, COUNTIES, type CalendarDate, type CountySlug } from '#libs/portfolio';
import { CALENDAR_KINDS } from '../portfolio/county-calendar.js';
import { completionFigures, type CalendarSums, type CompletionFigures } from '../portfolio/county-figures.js';

type Queryable = Pick<Pool, 'query'>;

/**
 * Which answer a view gives: the ledger now, judged on `day` (today, or an `effectiveAt` date —
 * business dates, everything known now), or as recorded by the end of `asOf` and judged on that day.
 */
export type ViewDate = { day: CalendarDate; asOf?: undefined } | { day: CalendarDate; asOf: CalendarDate };

export interface CountySums extends CalendarSums {
  county: string;
  category: string;
}

export interface CountyView extends CompletionFigures {
  slug: CountySlug;
  name: string;
  code: string;
  lastActivityAt: string | null;
  byCategory: (CompletionFigures & { category: string })[];
}

/** Calendar sums per county, category and kind: every fact, and those dated after the day. */
export async function readCountySums(db: Queryable, at: ViewDate, county?: string): Promise<CountySums[]> {
  const totals = CALENDAR_KINDS.map((k) => `sum(${k})::int AS total_${k}`).join(', ');
  const { rows } = at.asOf
    ? await db.query(
        `SELECT county, category, ${totals}, ${CALENDAR_KINDS.map((k) => `coalesce(sum(${k}) FILTER (WHERE on_date > $2::date), 0)::int AS after_${k}`).join(', ')}
         FROM county_calendar_changes WHERE recorded_day <= $1::date AND ($3::text IS NULL OR county = $3)
         GROUP BY county, category`,
        [at.asOf, at.day, county ?? null],
      )
    : await db.query(
        `SELECT t.county, t.category, ${CALENDAR_KINDS.map((k) => `t.${k} AS total_${k}, coalesce(f.${k}, 0)::int AS after_${k}`).join(', ')}
         FROM county_totals t
         LEFT JOIN (SELECT county, category, ${CALENDAR_KINDS.map((k) => `sum(${k}) AS ${k}`).join(', ')} FROM county_calendar
                    WHERE on_date > $1::date GROUP BY county, category) f USING (county, category)
         WHERE ($2::text IS NULL OR t.county = $2)`,
        [at.day, county ?? null],
      );
  return rows.flatMap((r) =>
    CALENDAR_KINDS.map((kind) => ({ county: r.county, category: r.category, kind, total: r[`total_${kind}`], after: r[`after_${kind}`] })),
  );
}

/** When each county last recorded anything (as of the end of `asOf` when given). */
export async function readLastActivity(db: Queryable, at: ViewDate): Promise<Map<string, string>> {
  const { rows } = await db.query(
    `SELECT c.county, to_json(last.at)#>>'{}' AS at
     FROM unnest($1::text[]) AS c(county)
     CROSS JOIN LATERAL (
       SELECT max(last_recorded_at) AS at FROM ${at.asOf ? 'project_summary_history' : 'project_summaries'} s
       WHERE s.county = c.county ${at.asOf ? 'AND s.recorded_day <= $2::date' : ''}
     ) last
     WHERE last.at IS NOT NULL`,
    at.asOf ? [COUNTIES.map((c) => c.slug), at.asOf] : [COUNTIES.map((c) => c.slug)],
  );
  return new Map(rows.map((r) => [r.county, new Date(r.at).toISOString()]));
}

/** The per-county completion view (design §3): every county, even one with no project yet. */
export async function countyViews(db: Queryable, at: ViewDate, only?: CountySlug): Promise<CountyView[]> {
  const [sums, activity] = await Promise.all([readCountySums(db, at, only), readLastActivity(db, at)]);
  return COUNTIES.filter((c) => !only || c.slug === only).map((county) => {
    const mine = sums.filter((s) => s.county === county.slug);
    return {
      slug: county.slug,
      name: county.name,
      code: county.code,
      ...completionFigures(mine),
      lastActivityAt: activity.get(county.slug) ?? null,
      byCategory: categoryFigures(mine),
    };
  });
}

/** Figures per category, for the categories that have any project. */
export function categoryFigures(sums: readonly CountySums[]): (CompletionFigures & { category: string })[] {
  return CATEGORIES.map((category) => ({ category, sums: sums.filter((s) => s.category === category) }))
    .filter(({ sums: mine }) => mine.length > 0)
    .map(({ category, sums: mine }) => ({ category, ...completionFigures(mine) }));
}
