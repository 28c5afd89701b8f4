import type pg from 'pg';
import { COUNTY_SLUGS } from '#libs/portfolio';

export interface OverdueFixture {
  projects: number;
  milestones: number;
  overdue: number;
  managers: number;
}

const MILESTONES_PER_PROJECT = 6;
const MANAGERS_PER_COUNTY = 400;

/**
 * Fills the read model the scan reads (project_summaries, project_milestones) straight from SQL:
 * `milestones` milestones, six per project, of which `overdueShare` are open and past due on `day`
 * (1–90 days), 45 % done and the rest due later; 400 managers per county, one lead per county and
 * one leadership address. The scan reads nothing else, so the log is left empty.
 */
export async function seedOverdueMilestones(pool: pg.Pool, day: string, milestones: number, overdueShare: number): Promise<OverdueFixture> {
  const projects = Math.ceil(milestones / MILESTONES_PER_PROJECT);
  const client = await pool.connect();
  try {
    await client.query(
      `INSERT INTO project_summaries (project_id, name, county, category, sub_type, action, plan, synthetic, manager_email, status,
                                      milestones_total, milestones_done, version, last_position, last_recorded_at, open_due_dates)
       SELECT 'bench-' || i, '基准项目' || i, c.slug, 'education', '小学', '新建', '基准', true,
              'pm' || lpad(((i * 7) % ${MANAGERS_PER_COUNTY} + 1)::text, 4, '0') || '@' || c.slug || '.example.gov.cn',
              'in_progress', ${MILESTONES_PER_PROJECT}, 0, 1, 0, now(), '{}'
       FROM generate_series(1, $1::int) AS i
       JOIN unnest($2::text[]) WITH ORDINALITY AS c(slug, n) ON c.n = i % ${COUNTY_SLUGS.length} + 1`,
      [projects, COUNTY_SLUGS],
    );
    await client.query(
      `INSERT INTO project_milestones (project_id, key, ordinal, title, county, due_date, original_due_date, completed_on, reschedule_count, project_active)
       SELECT s.project_id, 'm' || k, k, '里程碑' || k, s.county, d.due, d.due, CASE WHEN d.done THEN d.due END, 0, true
       FROM project_summaries s
       CROSS JOIN generate_series(1, ${MILESTONES_PER_PROJECT}) AS k
       CROSS JOIN LATERAL (SELECT (hashtext(s.project_id || '/' || k) & 1048575) / 1048576.0 AS r, (hashtext(k || '/' || s.project_id) & 1048575) AS days) AS pick
       CROSS JOIN LATERAL (
         SELECT CASE WHEN pick.r < $2 THEN $1::date - 1 - pick.days % 90
                     WHEN pick.r < $2 + 0.45 THEN $1::date - 1 - pick.days % 700
                     ELSE $1::date + pick.days % 700 END AS due,
                pick.r >= $2 AND pick.r < $2 + 0.45 AS done
       ) AS d
       WHERE s.project_id LIKE 'bench-%'`,
      [day, overdueShare],
    );
    await client.query(
      `INSERT INTO alert_recipients (role, county, email)
       SELECT 'county_lead', slug, 'lead@' || slug || '.example.gov.cn' FROM unnest($1::text[]) AS slug
       UNION ALL SELECT 'city_leadership', '', 'leadership@chuzhou.example.gov.cn'`,
      [COUNTY_SLUGS],
    );
    await client.query(`INSERT INTO alert_recipient_list (version, updated_by) VALUES (1, 'bench')`);
    // What autovacuum would do soon after such a load anyway; done now, it does not run during the measurements.
    await client.query('VACUUM (ANALYZE) project_summaries');
    await client.query('VACUUM (ANALYZE) project_milestones');
    const { rows } = await client.query(
      `SELECT count(*)::int AS milestones,
              count(*) FILTER (WHERE completed_on IS NULL AND project_active AND due_date < $1::date)::int AS overdue
       FROM project_milestones`,
      [day],
    );
    return { projects, milestones: rows[0].milestones, overdue: rows[0].overdue, managers: MANAGERS_PER_COUNTY * COUNTY_SLUGS.length };
  } finally {
    client.release();
  }
}

/** The bare indexed query the scan starts from: every overdue milestone of an active project, with its project. */
export const BARE_OVERDUE_SQL = `
  SELECT m.project_id, m.key, m.title, m.county, m.due_date, ($1::date - m.due_date) AS days_late, s.name, s.category, s.manager_email
  FROM project_milestones m
  JOIN project_summaries s ON s.project_id = m.project_id
  WHERE m.completed_on IS NULL AND m.project_active AND m.due_date < $1::date`;
