import type { Pool, PoolClient } from 'pg';
import { AUDIT_CONTENT_FIELDS, auditContentHash, type AuditContent, type AuditResult } from './audit-chain.js';
import type { AuditAction } from './audit-actions.js';

type Queryable = Pick<Pool | PoolClient, 'query'>;

export interface AuditRecord extends AuditContent {
  action: AuditAction;
}

export interface StoredAuditRecord extends AuditContent {
  id: string;
  contentHash: Buffer;
  prevHash: Buffer;
  hash: Buffer;
}

/** Appends one row to the chain; returns its id and hash. */
export async function appendAuditRecord(db: Queryable, record: AuditRecord): Promise<{ id: string; hash: Buffer }> {
  const content: AuditContent = { ...record, details: jsonSafe(record.details) };
  const { rows } = await db.query(
    'SELECT id::text AS id, hash FROM append_audit_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
    [...AUDIT_CONTENT_FIELDS.map((field) => (field === 'details' ? JSON.stringify(content.details) : content[field])), auditContentHash(content)],
  );
  return { id: rows[0].id as string, hash: rows[0].hash as Buffer };
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  result?: AuditResult;
}

export interface AuditPage {
  items: StoredAuditRecord[];
  total: number;
  page: number;
  limit: number;
}

/** Newest first. */
export async function listAuditRecords(db: Queryable, filter: AuditFilter, page: number, limit: number): Promise<AuditPage> {
  const { where, params } = auditWhere(filter);
  const [items, total] = await Promise.all([
    db.query(`SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY audit_log.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      limit,
      (page - 1) * limit,
    ]),
    db.query(`SELECT count(*)::int AS n FROM audit_log ${where}`, params),
  ]);
  return { items: items.rows.map(toStoredRecord), total: total.rows[0].n as number, page, limit };
}

/** Rows in chain order (oldest first) after the given id, at most `limit` of them. */
export async function readAuditChain(db: Queryable, afterId: string | null, limit: number): Promise<StoredAuditRecord[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM audit_log WHERE id > $1 ORDER BY audit_log.id LIMIT $2`, [afterId ?? '0', limit]);
  return rows.map(toStoredRecord);
}

export function auditWhere(filter: AuditFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (n: number) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(params.length));
  };
  if (filter.from) add((n) => `at >= $${n}`, filter.from);
  if (filter.to) add((n) => `at < $${n}`, filter.to);
  if (filter.actor) add((n) => `actor = $${n}`, filter.actor);
  if (filter.action) add((n) => `action = $${n}`, filter.action);
  if (filter.result) add((n) => `result = $${n}`, filter.result);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export const COLUMNS =
  'id::text AS id, at, actor, actor_role, source_address, user_agent, action, object, result, correlation_id, details, content_hash, prev_hash, hash';

export function toStoredRecord(row: Record<string, unknown>): StoredAuditRecord {
  return {
    id: row.id as string,
    at: row.at as Date,
    actor: row.actor as string | null,
    actorRole: row.actor_role as string | null,
    sourceAddress: row.source_address as string | null,
    userAgent: row.user_agent as string | null,
    action: row.action as string,
    object: row.object as string | null,
    result: row.result as AuditResult,
    correlationId: row.correlation_id as string | null,
    details: row.details as Record<string, unknown>,
    contentHash: row.content_hash as Buffer,
    prevHash: row.prev_hash as Buffer,
    hash: row.hash as Buffer,
  };
}

/** What jsonb will give back: no undefined, no functions, dates as strings. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}
