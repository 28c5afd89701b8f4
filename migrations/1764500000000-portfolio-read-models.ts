import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The kinds of dated fact a county calendar counts (libs/projections county-calendar.ts), one column each. */
const CALENDAR_COUNT_COLUMNS = [
  'project',
  'cancelled',
  'suspended',
  'started',
  'completed',
  'milestone',
  'milestone_done',
  'milestone_late_from',
  'milestone_late_until',
  'project_late_from',
  'project_late_until',
];

/**
 * The portfolio projection (design §3), one projector keeping several tables:
 * - project_summaries gains the dates that today-dependent answers are computed from
 *   (open due dates, next due, earliest unstarted due), so a list never aggregates milestones;
 * - project_summary_history: each project as it stood at the end of every recorded day (asOf);
 * - county_totals / county_calendar: per county and category, counts of facts by the business
 *   date they fall on ("milestones due on d", "overdue from d", …), one column per kind of fact,
 *   so a county view on any date is the totals minus what falls after that date;
 * - county_calendar_changes: the same counts by the day they were recorded (asOf).
 * The count tables are updated far more than inserted: half-empty pages let PostgreSQL update
 * their rows in place (HOT), which more than halves the cost of a batch.
 * The projection is rebuilt from the log: its old rows and checkpoint are cleared here.
 */
export class PortfolioReadModels1764500000000 implements MigrationInterface {
  name = 'PortfolioReadModels1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM projection_checkpoints WHERE projection = 'project_summaries'`);
    await db.query('DELETE FROM project_summaries');
    await db.query('DELETE FROM project_milestones');
    await db.query(`
      ALTER TABLE project_summaries
        ADD COLUMN open_due_dates date[] NOT NULL,
        ADD COLUMN next_due_date date,
        ADD COLUMN next_milestone text,
        ADD COLUMN unstarted_due_date date`);
    await db.query(`CREATE INDEX project_summaries_late_idx ON project_summaries (county, next_due_date)
                    WHERE status IN ('not_started', 'in_progress')`);
    await db.query(`CREATE INDEX project_summaries_name_idx ON project_summaries (county, name)`);
    await db.query(`CREATE INDEX project_summaries_activity_idx ON project_summaries (county, last_recorded_at)`);

    await db.query(`CREATE TABLE project_summary_history (LIKE project_summaries, recorded_day date NOT NULL,
                    PRIMARY KEY (project_id, recorded_day))`);
    await db.query(`CREATE INDEX project_summary_history_county_idx ON project_summary_history (county, project_id, recorded_day)`);
    await db.query(`CREATE INDEX project_summary_history_activity_idx ON project_summary_history (county, last_recorded_at)`);

    const counts = CALENDAR_COUNT_COLUMNS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n        ');
    await db.query(`
      CREATE TABLE county_totals (
        county text NOT NULL,
        category text NOT NULL,
        ${counts},
        PRIMARY KEY (county, category)
      ) WITH (fillfactor = 50)`);
    await db.query(`
      CREATE TABLE county_calendar (
        county text NOT NULL,
        category text NOT NULL,
        on_date date NOT NULL,
        ${counts},
        PRIMARY KEY (county, category, on_date)
      ) WITH (fillfactor = 50)`);
    await db.query(`CREATE INDEX county_calendar_on_date_idx ON county_calendar (on_date)`);
    await db.query(`
      CREATE TABLE county_calendar_changes (
        recorded_day date NOT NULL,
        county text NOT NULL,
        category text NOT NULL,
        on_date date NOT NULL,
        ${counts},
        PRIMARY KEY (recorded_day, county, category, on_date)
      ) WITH (fillfactor = 50)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE county_calendar_changes');
    await db.query('DROP TABLE county_calendar');
    await db.query('DROP TABLE county_totals');
    await db.query('DROP TABLE project_summary_history');
    await db.query('DROP INDEX project_summaries_activity_idx');
    await db.query('DROP INDEX project_summaries_name_idx');
    await db.query('DROP INDEX project_summaries_late_idx');
    await db.query(`ALTER TABLE project_summaries DROP COLUMN open_due_dates, DROP COLUMN next_due_date,
                    DROP COLUMN next_milestone, DROP COLUMN unstarted_due_date`);
  }
}
