import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projections (design §3): where each projector stands in the log, a notification when events
 * are appended, and the first read models — one row per project and one per milestone. What
 * depends on today (overdue, days late, RAG) is computed when read, from the stored dates.
 */
export class Projections1764400000000 implements MigrationInterface {
  name = 'Projections1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        projection text PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT '0',
        position bigint NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('taizhang_events', '');
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER events_notify AFTER INSERT ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended()`);
    await db.query(`
      CREATE TABLE project_summaries (
        project_id text PRIMARY KEY,
        name text NOT NULL,
        county text NOT NULL,
        category text NOT NULL,
        sub_type text NOT NULL,
        action text NOT NULL,
        plan text NOT NULL,
        synthetic boolean NOT NULL,
        source_ref text,
        planned_start date,
        planned_completion date,
        manager_email text NOT NULL,
        status text NOT NULL,
        suspension_reason text,
        cancellation_reason text,
        milestones_total integer NOT NULL,
        milestones_done integer NOT NULL,
        version integer NOT NULL,
        last_position bigint NOT NULL,
        last_recorded_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX project_summaries_county_idx ON project_summaries (county, category, status)`);
    await db.query(`
      CREATE TABLE project_milestones (
        project_id text NOT NULL,
        key text NOT NULL,
        ordinal integer NOT NULL,
        title text NOT NULL,
        county text NOT NULL,
        due_date date NOT NULL,
        original_due_date date NOT NULL,
        started_on date,
        completed_on date,
        note text,
        reschedule_count integer NOT NULL,
        project_active boolean NOT NULL,
        PRIMARY KEY (project_id, key)
      )`);
    // The overdue-milestone index: open milestones of active projects by due date (the alert scan reads it).
    await db.query(`CREATE INDEX project_milestones_open_due_idx ON project_milestones (due_date, county)
                    WHERE completed_on IS NULL AND project_active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE project_milestones');
    await db.query('DROP TABLE project_summaries');
    await db.query('DROP TRIGGER events_notify ON events');
    await db.query('DROP FUNCTION notify_events_appended');
    await db.query('DROP TABLE projection_checkpoints');
  }
}
