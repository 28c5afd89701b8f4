import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in (issue 6): the people who may use the dashboard and the API, each with one role.
 * A manager has a county: they record progress only on that county's projects.
 */
export class Users1764700000000 implements MigrationInterface {
  name = 'Users1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        username text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'leader', 'manager', 'viewer')),
        county text,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'manager') = (county IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users');
  }
}
