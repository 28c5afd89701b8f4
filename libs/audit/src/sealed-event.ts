import { createHash, type Hash } from 'node:crypto';
import { sha256 } from './audit-chain.js';

/**
 * The columns of an event as a seal hashes them, each as PostgreSQL's own text (jsonb's output is
 * deterministic: keys sorted by length then bytes, one space after `:` and `,`), so that nothing in
 * Node — no JSON parser, no Date — stands between the stored bytes and the hash. The aliases are
 * text: order by the table's columns (`events.transaction_id, events.position`), never by them.
 */
export const SEALED_EVENT_COLUMNS = `position::text AS position, transaction_id::text AS transaction_id, stream_id,
  version::text AS version, type, schema_version::text AS schema_version, data::text AS data, metadata::text AS metadata,
  (extract(epoch FROM recorded_at) * 1000000)::bigint::text AS recorded_at_us`;

export interface SealedEventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  version: string;
  type: string;
  schema_version: string;
  data: string;
  metadata: string;
  recorded_at_us: string;
}

/**
 * The canonical line of one event: a JSON array of nine strings, in this order —
 * `[position, transaction_id, stream_id, version, type, schema_version, data::text, metadata::text, recorded_at]`
 * — where numbers are in decimal, recorded_at is microseconds since 1970-01-01T00:00:00Z, and the
 * array is written by JSON.stringify (no spaces; `"` `\` and control characters escaped as JSON does), e.g.
 * `["17","7421","laian-75bf234fbf","3","milestone.completed.v1","1","{\"note\": \"验收通过\"}","{\"actor\": \"admin\"}","1764900000123456"]`.
 */
export function canonicalEventLine(row: SealedEventRow): string {
  return JSON.stringify([
    row.position,
    row.transaction_id,
    row.stream_id,
    row.version,
    row.type,
    row.schema_version,
    row.data,
    row.metadata,
    row.recorded_at_us,
  ]);
}

/** sha256 of the event's canonical line in UTF-8. */
export function eventDigest(row: SealedEventRow): Buffer {
  return sha256(Buffer.from(canonicalEventLine(row), 'utf8'));
}

/** A seal's link: sha256(previous seal's hash ‖ sha256(digest of its first event ‖ … ‖ digest of its last)). */
export function sealHash(previousHash: Buffer, eventsDigest: Buffer): Buffer {
  return sha256(Buffer.concat([previousHash, eventsDigest]));
}

/** The events of one seal, hashed as they stream by: only their count and a running hash are kept. */
export class SealAccumulator {
  private digests: Hash = createHash('sha256');
  count = 0;
  last: SealedEventRow | null = null;

  add(row: SealedEventRow): void {
    this.digests.update(eventDigest(row));
    this.count += 1;
    this.last = row;
  }

  /** The seal's hash after `previousHash`; the accumulator starts over empty. */
  finish(previousHash: Buffer): Buffer {
    const hash = sealHash(previousHash, this.digests.digest());
    this.digests = createHash('sha256');
    this.count = 0;
    this.last = null;
    return hash;
  }
}
