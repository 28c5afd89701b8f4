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
const SCAN_WORK_MEM = '64MB';

/**
 * Writes today's digests to the outbox in one statement: the overdue milestones come from the
 * overdue-milestone index (open milestones of active projects by due date), each is addressed to
 * its project's manager (L1), its county's leads once `countyLeadDays` late (L2) and city
 * leadership once `leadershipDays` late (L3), and grouped into one digest per recipient and level
 * that lists the `listed` most overdue (an e-mail shows no more) and counts them all.
 * A digest already written for that day is left as it is.
 */
export async function writeOverdueDigests(pool: Pool, day: string, escalation: Escalation, listed: number): Promise<OverdueScanResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The digests are grouped and ranked in memory: sorts spilled to disk at the default 4 MB.
    await client.query(`SET LOCAL work_mem = '${SCAN_WORK_MEM}'`);
    const { rows } = await client.query(OVERDUE_DIGESTS_SQL, overdueDigestsParameters(day, escalation, listed));
    await client.query('COMMIT');
    return { day, overdueMilestones: rows[0].overdue_milestones, digestsWritten: rows[0].digests_written };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function overdueDigestsParameters(day: string, escalation: Escalation, listed: number): unknown[] {
  return [day, escalation.countyLeadDays, escalation.leadershipDays, UNDELIVERABLE_DOMAIN, listed];
}

/** One overdue milestone as a digest lists it: a StoredDigestItem. */
const ITEM = 'json_build_array(project_id, name, county, category, key, title, due_date, days_late)';

/** The most overdue first; the same order everywhere, so a digest's list is stable. */
const MOST_OVERDUE_FIRST = 'due_date, project_id, key';

/** Overdue milestones straight from the index in due-date order, for the few a digest lists (add conditions, ORDER BY, LIMIT). */
const MOST_OVERDUE = `
  SELECT m.project_id, m.key, m.title, m.county, m.due_date, ($1::date - m.due_date) AS days_late, s.name, s.category
  FROM project_milestones m JOIN project_summaries s ON s.project_id = m.project_id
  WHERE m.completed_on IS NULL AND m.project_active`;

/**
 * $1 the day, $2 / $3 the L2 / L3 thresholds in days, $4 the undeliverable managers' pattern,
 * $5 how many milestones a digest lists (the most overdue first; item_count counts them all).
 * A manager's milestones are few and all kept, in no order (the e-mail sorts them); a county lead's
 * or leadership's are many, so for those only the listed ones are ranked (by due date) and the rest
 * are counted. json rather than jsonb: the items are kept and shown, never queried inside, and
 * building jsonb made the scan half as fast again.
 */
export const OVERDUE_DIGESTS_SQL = `
  WITH overdue AS MATERIALIZED (
    SELECT m.project_id, m.key, m.title, m.county, m.due_date, ($1::date - m.due_date) AS days_late,
           s.name, s.category, lower(s.manager_email) AS manager_email
    FROM project_milestones m
    JOIN project_summaries s ON s.project_id = m.project_id
    WHERE m.completed_on IS NULL AND m.project_active AND m.due_date < $1::date
  ),
  county_counts AS (
    SELECT county, count(*) AS n FROM overdue WHERE days_late >= $2 GROUP BY county
  ),
  county_listed AS (
    SELECT c.county, c.n, listed.items
    FROM county_counts c
    CROSS JOIN LATERAL (
      SELECT json_agg(${ITEM} ORDER BY ${MOST_OVERDUE_FIRST}) AS items
      FROM (${MOST_OVERDUE} AND m.due_date <= $1::date - $2::int AND m.county = c.county ORDER BY ${MOST_OVERDUE_FIRST} LIMIT $5) AS top
    ) AS listed
  ),
  city_listed AS (
    SELECT json_agg(${ITEM} ORDER BY ${MOST_OVERDUE_FIRST}) AS items, (SELECT count(*) FROM overdue WHERE days_late >= $3) AS n
    FROM (${MOST_OVERDUE} AND m.due_date <= $1::date - $3::int ORDER BY ${MOST_OVERDUE_FIRST} LIMIT $5) AS top
  ),
  digests AS (
    SELECT manager_email AS recipient, 'L1' AS level, json_agg(${ITEM}) AS items, count(*) AS item_count
    FROM overdue WHERE manager_email NOT LIKE $4
    GROUP BY manager_email
    UNION ALL
    SELECT r.email, 'L2', l.items, l.n
    FROM alert_recipients r JOIN county_listed l USING (county)
    WHERE r.role = 'county_lead'
    UNION ALL
    SELECT r.email, 'L3', l.items, l.n
    FROM alert_recipients r CROSS JOIN city_listed l
    WHERE r.role = 'city_leadership' AND l.n > 0
  ),
  written AS (
    INSERT INTO alert_digests (recipient, level, day, items, item_count)
    SELECT recipient, level, $1::date, items, item_count FROM digests
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM written)::int AS digests_written, (SELECT count(*) FROM overdue)::int AS overdue_milestones`;
