import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event log (design §2). Order for readers is (transaction_id, position):
 * a reader only reads below the oldest transaction still running, so a slow writer's events
 * are never skipped. append_events() takes a per-stream advisory lock before its first write,
 * so within a stream that order is also version order.
 */
export class EventStore1764370000000 implements MigrationInterface {
  name = 'EventStore1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
        version integer NOT NULL CHECK (version >= 1),
        type text NOT NULL,
        schema_version integer NOT NULL CHECK (schema_version >= 1),
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
      )`);
    await db.query(`CREATE INDEX events_commit_order_idx ON events (transaction_id, position)`);
    await db.query(`
      CREATE TABLE commands (
        command_id text PRIMARY KEY CHECK (length(command_id) BETWEEN 1 AND 200),
        fingerprint text NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        position bigint NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'TZ403';
      END $$`);
    for (const table of ['events', 'commands']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
                      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    }
    await db.query(APPEND_EVENTS);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION append_events`);
    await db.query(`DROP TABLE commands`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION forbid_change`);
  }
}

/*
 * One round trip per append. p_events: [{type, schemaVersion, data, metadata}, …].
 * Expected version: NULL = any, 0 = no stream yet, n = exactly n.
 * Errors: TZ409 version conflict (DETAIL = current version), TZ208 command id already used
 * by a transaction that committed while this one ran (the caller reads the stored result).
 */
const APPEND_EVENTS = `
CREATE FUNCTION append_events(
  p_stream_id text,
  p_expected_version integer,
  p_events jsonb,
  p_command_id text,
  p_fingerprint text
) RETURNS TABLE (duplicate boolean, stream_id text, stream_version integer, last_position bigint,
                 transaction_id xid8, recorded_at timestamptz, fingerprint text)
LANGUAGE plpgsql AS $$
DECLARE
  v_current integer;
  v_count integer := jsonb_array_length(p_events);
  v_last bigint;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'append_events needs at least one event' USING ERRCODE = '22023';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

  IF p_command_id IS NOT NULL THEN
    RETURN QUERY SELECT true, c.stream_id, c.stream_version, c.position, NULL::xid8, c.recorded_at, c.fingerprint
                 FROM commands c WHERE c.command_id = p_command_id;
    IF FOUND THEN RETURN; END IF;
  END IF;

  SELECT coalesce(max(e.version), 0) INTO v_current FROM events e WHERE e.stream_id = p_stream_id;
  IF p_expected_version IS NOT NULL AND p_expected_version <> v_current THEN
    RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, v_current, p_expected_version
      USING ERRCODE = 'TZ409', DETAIL = v_current::text;
  END IF;

  WITH appended AS (
    INSERT INTO events (stream_id, version, type, schema_version, data, metadata)
    SELECT p_stream_id, v_current + t.ord::integer, t.e->>'type', (t.e->>'schemaVersion')::integer,
           t.e->'data', t.e->'metadata'
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, ord)
    RETURNING position
  )
  SELECT max(appended.position) INTO v_last FROM appended;

  IF p_command_id IS NOT NULL THEN
    INSERT INTO commands (command_id, fingerprint, stream_id, stream_version, position)
    VALUES (p_command_id, p_fingerprint, p_stream_id, v_current + v_count, v_last)
    ON CONFLICT (command_id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'command % was already executed', p_command_id USING ERRCODE = 'TZ208';
    END IF;
  END IF;

  RETURN QUERY SELECT false, p_stream_id, v_current + v_count, v_last, pg_current_xact_id(), now(), p_fingerprint;
END $$`;
