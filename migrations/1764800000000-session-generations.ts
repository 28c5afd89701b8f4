import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ending a user's sessions: every sign-in token carries the user's session generation, and a token
 * of an older generation is refused. The trigger moves the generation on whenever what a token
 * vouches for changes (role, county, password, disabled), however the row is written.
 */
export class SessionGenerations1764800000000 implements MigrationInterface {
  name = 'SessionGenerations1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN session_generation integer NOT NULL DEFAULT 0');
    await db.query(`
      CREATE FUNCTION users_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.role, NEW.county, NEW.password_hash, NEW.disabled) IS DISTINCT FROM (OLD.role, OLD.county, OLD.password_hash, OLD.disabled) THEN
          NEW.session_generation := OLD.session_generation + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER users_end_sessions BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_end_sessions()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER users_end_sessions ON users');
    await db.query('DROP FUNCTION users_end_sessions()');
    await db.query('ALTER TABLE users DROP COLUMN session_generation');
  }
}
