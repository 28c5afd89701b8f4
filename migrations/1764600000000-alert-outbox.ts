import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdue alerts (design §4):
 * - alert_recipients: county leads (L2, per county) and city leadership (L3), replaced as a whole
 *   through the API; alert_recipient_list holds its version (If-Match) and whether it was seeded;
 * - alert_digests: the outbox, one row per (recipient, level, day), written before a job is queued
 *   and marked sent with the SMTP message id: the row, not Redis, is the truth.
 */
export class AlertOutbox1764600000000 implements MigrationInterface {
  name = 'AlertOutbox1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE alert_recipients (
        role text NOT NULL CHECK (role IN ('county_lead', 'city_leadership')),
        county text NOT NULL DEFAULT '',
        email text NOT NULL,
        name text,
        PRIMARY KEY (role, county, email),
        CHECK ((role = 'county_lead') = (county <> ''))
      )`);
    await db.query(`
      CREATE TABLE alert_recipient_list (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await db.query(`
      CREATE TABLE alert_digests (
        recipient text NOT NULL,
        level text NOT NULL CHECK (level IN ('L1', 'L2', 'L3')),
        day date NOT NULL,
        items json NOT NULL,
        item_count integer NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        failed_at timestamptz,
        PRIMARY KEY (recipient, level, day)
      )`);
    await db.query(`CREATE INDEX alert_digests_pending_idx ON alert_digests (day) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX alert_digests_failed_idx ON alert_digests (day) WHERE status = 'failed'`);
    await db.query(`CREATE INDEX alert_digests_day_idx ON alert_digests (day, level)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE alert_digests');
    await db.query('DROP TABLE alert_recipient_list');
    await db.query('DROP TABLE alert_recipients');
  }
}
