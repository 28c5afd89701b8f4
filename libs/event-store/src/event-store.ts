import type { Pool, PoolClient } from 'pg';
import type {
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  LogPosition,
  NewEvent,
  RecordedEvent,
} from './event-envelope.js';
import { CommandIdReusedError, ConcurrencyError } from './event-store-errors.js';
import { EventUpcasters } from './event-upcasters.js';

export interface AppendOptions {
  metadata: EventMetadata;
  /** The command id (HTTP Idempotency-Key): a second append with it appends nothing. */
  commandId?: string;
  /** What the command asked for; the same id with another fingerprint is refused. */
  fingerprint?: string;
}

export interface ReadStreamOptions {
  /** Only events up to this version. */
  toVersion?: number;
  /** Only events recorded at or before this instant: the stream as the ledger knew it then. */
  recordedAtOrBefore?: Date;
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

interface PayloadEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const EVENT_COLUMNS =
  'position, transaction_id::text AS transaction_id, stream_id, version, type, schema_version, data, metadata, recorded_at';

/** The PostgreSQL event store of design §2. It only ever inserts events. */
export class EventStore {
  constructor(
    private readonly pool: Pool,
    readonly upcasters: EventUpcasters = new EventUpcasters(),
  ) {}

  /** Appends all events or none. `db` lets a caller append inside its own transaction. */
  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    options: AppendOptions,
    db: Queryable = this.pool,
  ): Promise<AppendResult> {
    const commandId = options.commandId ?? null;
    const fingerprint = options.fingerprint ?? '';
    const payload: PayloadEvent[] = events.map((event) => ({
      type: event.type,
      schemaVersion: this.upcasters.currentSchemaVersion(event.type),
      data: event.data,
      metadata: { ...options.metadata, commandId },
    }));
    try {
      if (commandId === null && expected !== 'any') {
        return await this.appendAtVersion(streamId, expectedVersionParameter(expected) ?? 0, payload, db);
      }
      const { rows } = await db.query(
        `SELECT duplicate, stream_id, stream_version, last_position::text AS last_position, recorded_at, fingerprint
         FROM append_events($1, $2, $3, $4, $5)`,
        [streamId, expectedVersionParameter(expected), JSON.stringify(payload), commandId, fingerprint],
      );
      return this.appendResult(rows[0], commandId, fingerprint);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const constraint = (error as { constraint?: string }).constraint;
      if (code === 'TZ409') {
        const current = Number((error as { detail?: string }).detail);
        throw new ConcurrencyError(streamId, expected === 'no_stream' ? 'no_stream' : Number(expected), current);
      }
      if (code === '23505' && constraint === 'events_stream_version_key') {
        // 'any' takes the stream lock, but a concurrent exact-version append does not: just try again.
        if (expected === 'any') return this.append(streamId, expected, events, options, db);
        const current = await this.streamVersion(streamId);
        throw new ConcurrencyError(streamId, expected === 'no_stream' ? 'no_stream' : Number(expected), current);
      }
      if (code === 'TZ208' && commandId) {
        const first = await this.findCommand(commandId);
        if (first) return this.checkFingerprint(first, commandId, fingerprint);
      }
      throw error;
    }
  }

  /**
   * The common case in one statement: an exact expected version and no command id. The version
   * check and the insert happen together; a concurrent writer of the same version loses on the
   * (stream_id, version) key. No lock is needed for the order guarantee: a writer that knew the
   * version it extends took its transaction id after that version committed, so its id is the
   * larger one — provided the append is the first write of its transaction (always so unless a
   * caller passes its own transaction as `db`, which only tests do).
   */
  private async appendAtVersion(streamId: string, expected: number, payload: PayloadEvent[], db: Queryable): Promise<AppendResult> {
    if (payload.length === 0) throw new RangeError('append needs at least one event');
    const { rows } = await db.query<{ position: string; version: number; recorded_at: Date }>({
      name: 'taizhang_append_at_version',
      text: `WITH head AS (SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1)
             INSERT INTO events (stream_id, version, type, schema_version, data, metadata)
             SELECT $1, head.version + e.ord::integer, e.type, e.schema_version, e.data, e.metadata
             FROM head, unnest($3::text[], $4::integer[], $5::jsonb[], $6::jsonb[])
                  WITH ORDINALITY AS e(type, schema_version, data, metadata, ord)
             WHERE head.version = $2
             RETURNING position, version, recorded_at`,
      values: [
        streamId,
        expected,
        payload.map((e) => e.type),
        payload.map((e) => e.schemaVersion),
        payload.map((e) => JSON.stringify(e.data)),
        payload.map((e) => JSON.stringify(e.metadata)),
      ],
    });
    const last = rows.at(-1);
    if (!last) throw new ConcurrencyError(streamId, expected === 0 ? 'no_stream' : expected, await this.streamVersion(streamId));
    return { streamId, version: last.version, position: Number(last.position), recordedAt: last.recorded_at, duplicate: false };
  }

  /** The first result of a command id, or null if it was never executed. */
  async findCommand(commandId: string): Promise<(AppendResult & { fingerprint: string }) | null> {
    const { rows } = await this.pool.query(
      `SELECT stream_id, stream_version, position::text AS position, recorded_at, fingerprint
       FROM commands WHERE command_id = $1`,
      [commandId],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      streamId: row.stream_id,
      version: row.stream_version,
      position: Number(row.position),
      recordedAt: row.recorded_at,
      duplicate: true,
      fingerprint: row.fingerprint,
    };
  }

  /** A command id seen before with the same fingerprint returns its first result; another fingerprint is refused. */
  checkFingerprint(first: AppendResult & { fingerprint: string }, commandId: string, fingerprint: string): AppendResult {
    if (first.fingerprint !== fingerprint) throw new CommandIdReusedError(commandId);
    return { streamId: first.streamId, version: first.version, position: first.position, recordedAt: first.recordedAt, duplicate: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_id = $1
         AND ($2::integer IS NULL OR version <= $2)
         AND ($3::timestamptz IS NULL OR date_trunc('milliseconds', recorded_at) <= $3)
       ORDER BY version`,
      [streamId, options.toVersion ?? null, options.recordedAtOrBefore ?? null],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  /** The stream's current version; 0 when it has no events. */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query(
      'SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0].version;
  }

  /**
   * The next events of the global log after `after`, in commit order, gap-safe: only events
   * of transactions older than every transaction still running are returned, so an event
   * committed later by a slower writer can never sort before what a reader has already seen.
   * With `until`, nothing past that position is returned.
   */
  async readAll(after: LogPosition, limit: number, db: Queryable = this.pool, until?: LogPosition): Promise<RecordedEvent[]> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND ($4::xid8 IS NULL OR (transaction_id, position) <= ($4::xid8, $5::bigint))
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [after.transactionId, after.position, limit, until?.transactionId ?? null, until?.position ?? null],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  private appendResult(
    row: { duplicate: boolean; stream_id: string; stream_version: number; last_position: string; recorded_at: Date; fingerprint: string },
    commandId: string | null,
    fingerprint: string,
  ): AppendResult {
    const result = {
      streamId: row.stream_id,
      version: row.stream_version,
      position: Number(row.last_position),
      recordedAt: row.recorded_at,
      duplicate: row.duplicate,
    };
    if (row.duplicate && commandId) return this.checkFingerprint({ ...result, fingerprint: row.fingerprint }, commandId, fingerprint);
    return result;
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      position: Number(row.position),
      transactionId: row.transaction_id,
      streamId: row.stream_id,
      version: row.version,
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }
}

function expectedVersionParameter(expected: ExpectedVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no_stream') return 0;
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`expected version ${expected} is not a version`);
  return expected;
}
