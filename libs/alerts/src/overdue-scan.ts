import type { Pool } from 'pg';
import type { Escalation } from './alert-levels.js';

export interface OverdueScanResult {
  day: string;
  /** Overdue milestones of active projects on `day`. */
  overdueMilestones: number;
  /** Digests this scan wrote to the outbox; a second scan of the same day writes none. */
  digestsWritten: number;
}

/** Managers whose address cannot receive mail (the catalog's placeholder until a manager is named). */
const UNDELIVERABLE_DOMAIN = '%.invalid';

/**
 * Writes today's digests to the outbox in one statement: the overdue milestones come from the
 * overdue-milestone index (open milestones of active projects by due date), each is addressed to
 * its project's manager (L1), its county's leads once `countyLeadDays` late (L2) and city
 * leadership once `leadershipDays` late (L3), and grouped into one digest per recipient and level.
 * A digest already written for that day is left as it is.
 */
export async function writeOverdueDigests(pool: Pick<Pool, 'query'>, day: string, escalation: Escalation): Promise<OverdueScanResult> {
  const { rows } = await pool.query(
    `WITH overdue AS (
       SELECT m.project_id, m.key, m.title, m.county, m.due_date, ($1::date - m.due_date) AS days_late,
              s.name, s.category, s.manager_email
       FROM project_milestones m
       JOIN project_summaries s ON s.project_id = m.project_id
       WHERE m.completed_on IS NULL AND m.project_active AND m.due_date < $1::date
     ),
     addressed AS (
       SELECT 'L1' AS level, o.manager_email AS recipient, o.* FROM overdue o WHERE o.manager_email NOT LIKE $4
       UNION ALL
       SELECT 'L2', r.email, o.* FROM overdue o
       JOIN alert_recipients r ON r.role = 'county_lead' AND r.county = o.county
       WHERE o.days_late >= $2
       UNION ALL
       SELECT 'L3', r.email, o.* FROM overdue o
       JOIN alert_recipients r ON r.role = 'city_leadership'
       WHERE o.days_late >= $3
     ),
     written AS (
       INSERT INTO alert_digests (recipient, level, day, items, item_count)
       SELECT recipient, level, $1::date,
              jsonb_agg(jsonb_build_object(
                'projectId', project_id, 'projectName', name, 'county', county, 'category', category,
                'milestone', key, 'milestoneTitle', title, 'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'daysLate', days_late)
                ORDER BY days_late DESC, name, project_id, key),
              count(*)
       FROM addressed
       GROUP BY recipient, level
       ON CONFLICT DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM written)::int AS digests_written, (SELECT count(*) FROM overdue)::int AS overdue_milestones`,
    [day, escalation.countyLeadDays, escalation.leadershipDays, UNDELIVERABLE_DOMAIN],
  );
  return { day, overdueMilestones: rows[0].overdue_milestones, digestsWritten: rows[0].digests_written };
}
