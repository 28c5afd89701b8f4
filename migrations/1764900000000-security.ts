import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security to 等保 2.0 level 3 (issue 13):
 * - three separated administrator roles (系统管理员 admin, 安全管理员 security_admin, 审计管理员 auditor);
 * - users get an e-mail address, a forced first password change, a second factor (TOTP, with
 *   hashed single-use recovery codes) and a lockout counted per account;
 * - server-side sessions: ended at once by logout, an administrator, idleness, or a change of the
 *   account (a trigger), announced on the `taizhang_session_ended` channel to every API process;
 * - an append-only, hash-chained audit log, and hash-chained seals over the event log, both
 *   refusing UPDATE and TRUNCATE; audit rows may be deleted only by the documented purge, and only
 *   when older than 180 days.
 */
export class Security1764900000000 implements MigrationInterface {
  name = 'Security1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users DROP CONSTRAINT users_role_check');
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_role_check
                    CHECK (role IN ('admin', 'security_admin', 'auditor', 'leader', 'manager', 'viewer'))`);
    await db.query(`
      ALTER TABLE users
        ADD COLUMN email text CHECK (email IS NULL OR (email = lower(email) AND email ~ '^[^[:space:]@]+@[^[:space:]@]+$' AND length(email) <= 254)),
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_pending_secret text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD COLUMN totp_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
        ADD COLUMN first_failed_at timestamptz,
        ADD COLUMN locked_until timestamptz`);

    await db.query(`
      CREATE TABLE user_recovery_codes (
        username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (username, code_hash)
      )`);

    await db.query(`
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY,
        username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
        scope text NOT NULL CHECK (scope IN ('full', 'password-change', 'totp-enrolment')),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_reason text,
        source_address text,
        user_agent text
      )`);
    await db.query('CREATE INDEX user_sessions_live_idx ON user_sessions (username) WHERE ended_at IS NULL');
    await db.query('CREATE INDEX user_sessions_ended_idx ON user_sessions (ended_at) WHERE ended_at IS NOT NULL');
    await db.query(`
      CREATE FUNCTION user_sessions_announce_end() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.ended_at IS NOT NULL AND OLD.ended_at IS NULL THEN
          PERFORM pg_notify('taizhang_session_ended', NEW.id::text);
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER user_sessions_announce_end AFTER UPDATE ON user_sessions
                    FOR EACH ROW EXECUTE FUNCTION user_sessions_announce_end()`);
    // What a session vouches for changed: every live session of the user ends, however the row was written.
    await db.query(`
      CREATE FUNCTION users_end_live_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.role, NEW.county, NEW.password_hash, NEW.disabled, NEW.totp_secret)
           IS DISTINCT FROM (OLD.role, OLD.county, OLD.password_hash, OLD.disabled, OLD.totp_secret) THEN
          UPDATE user_sessions SET ended_at = now(), ended_reason = 'account-changed'
          WHERE username = NEW.username AND ended_at IS NULL;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER users_end_live_sessions AFTER UPDATE ON users
                    FOR EACH ROW EXECUTE FUNCTION users_end_live_sessions()`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text,
        actor_role text,
        source_address text,
        user_agent text,
        action text NOT NULL,
        object text,
        result text NOT NULL CHECK (result IN ('success', 'failure', 'refused')),
        correlation_id text,
        details jsonb NOT NULL DEFAULT '{}',
        content_hash bytea NOT NULL CHECK (length(content_hash) = 32),
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash bytea NOT NULL CHECK (length(hash) = 32)
      )`);
    await db.query('CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id');
    await db.query('CREATE INDEX audit_log_at_idx ON audit_log (at)');
    await db.query('CREATE INDEX audit_log_actor_idx ON audit_log (actor, at)');
    await db.query('CREATE INDEX audit_log_action_idx ON audit_log (action, at)');
    await db.query(APPEND_AUDIT_RECORD);
    await db.query(`
      CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('taizhang.audit_purge', true) = 'on'
           AND OLD.at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'TZ403';
      END $$`);
    await db.query('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()');
    await db.query('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()');

    await db.query(`
      CREATE TABLE event_log_seals (
        id bigint PRIMARY KEY,
        last_transaction_id xid8 NOT NULL,
        last_position bigint NOT NULL,
        event_count integer NOT NULL CHECK (event_count > 0),
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of ['event_log_seals']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE event_log_seals');
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_guard()');
    await db.query('DROP FUNCTION append_audit_record');
    await db.query('DROP TRIGGER users_end_live_sessions ON users');
    await db.query('DROP FUNCTION users_end_live_sessions()');
    await db.query('DROP TABLE user_sessions');
    await db.query('DROP FUNCTION user_sessions_announce_end()');
    await db.query('DROP TABLE user_recovery_codes');
    await db.query(`DELETE FROM users WHERE role IN ('security_admin', 'auditor')`);
    await db.query(`
      ALTER TABLE users
        DROP COLUMN email, DROP COLUMN must_change_password, DROP COLUMN password_changed_at,
        DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret, DROP COLUMN totp_enabled_at,
        DROP COLUMN totp_last_step, DROP COLUMN totp_failures, DROP COLUMN failed_sign_ins,
        DROP COLUMN first_failed_at, DROP COLUMN locked_until`);
    await db.query('ALTER TABLE users DROP CONSTRAINT users_role_check');
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'leader', 'manager', 'viewer'))`);
  }
}

/*
 * One audit row, chained to the one before: hash = sha256(prev_hash || id as 8 bytes || content_hash),
 * where content_hash is the SHA-256 of the row's canonical content (libs/audit, audit-chain.ts).
 * The advisory lock, held to commit, makes id order the chain order.
 */
const APPEND_AUDIT_RECORD = `
CREATE FUNCTION append_audit_record(
  p_at timestamptz, p_actor text, p_actor_role text, p_source_address text, p_user_agent text,
  p_action text, p_object text, p_result text, p_correlation_id text, p_details jsonb, p_content_hash bytea
) RETURNS TABLE (id bigint, hash bytea)
LANGUAGE plpgsql AS $$
DECLARE
  v_prev bytea;
  v_id bigint;
  v_hash bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('taizhang:audit_log', 0));
  SELECT a.hash INTO v_prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  v_prev := coalesce(v_prev, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  v_id := nextval('audit_log_id_seq');
  v_hash := sha256(v_prev || int8send(v_id) || p_content_hash);
  INSERT INTO audit_log (id, at, actor, actor_role, source_address, user_agent, action, object, result,
                         correlation_id, details, content_hash, prev_hash, hash)
  VALUES (v_id, p_at, p_actor, p_actor_role, p_source_address, p_user_agent, p_action, p_object, p_result,
          p_correlation_id, p_details, p_content_hash, v_prev, v_hash);
  RETURN QUERY SELECT v_id, v_hash;
END $$`;
