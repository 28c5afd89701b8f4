import { createHash } from 'node:crypto';

/** The first row's previous hash: 32 zero bytes. */
export const GENESIS_HASH = Buffer.alloc(32);

/** What one audit row says; hashed in this order, with the details' keys sorted. */
export interface AuditContent {
  at: Date;
  actor: string | null;
  actorRole: string | null;
  sourceAddress: string | null;
  userAgent: string | null;
  action: string;
  object: string | null;
  result: AuditResult;
  correlationId: string | null;
  details: Record<string, unknown>;
}

export type AuditResult = 'success' | 'failure' | 'refused';

/**
 * The canonical text of a row: a JSON array of its fields, the time as ISO 8601 with milliseconds
 * (what PostgreSQL gives back of a JavaScript Date), and objects with their keys sorted (jsonb does
 * not keep the order they were written in).
 */
/** The fields of a row in the order they are hashed, and passed to append_audit_record(). */
export const AUDIT_CONTENT_FIELDS = ['at', 'actor', 'actorRole', 'sourceAddress', 'userAgent', 'action', 'object', 'result', 'correlationId', 'details'] as const satisfies readonly (keyof AuditContent)[];

export function canonicalAuditContent(content: AuditContent): string {
  return JSON.stringify(sortKeys(AUDIT_CONTENT_FIELDS.map((field) => (field === 'at' ? content.at.toISOString() : content[field]))));
}

export function auditContentHash(content: AuditContent): Buffer {
  return sha256(Buffer.from(canonicalAuditContent(content), 'utf8'));
}

/** A row's link in the chain: sha256(previous hash ‖ id as 8 bytes big-endian ‖ content hash), as append_audit_record() computes it. */
export function auditChainHash(previousHash: Buffer, id: bigint, contentHash: Buffer): Buffer {
  const idBytes = Buffer.alloc(8);
  idBytes.writeBigInt64BE(id);
  return sha256(Buffer.concat([previousHash, idBytes, contentHash]));
}

export function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The value with every object's keys in sorted order, arrays and everything else as they are. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
