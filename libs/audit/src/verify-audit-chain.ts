import type { Pool } from 'pg';
import { auditChainHash, auditContentHash, GENESIS_HASH } from './audit-chain.js';
import { COLUMNS, toStoredRecord, type StoredAuditRecord } from './audit-log.js';

const PAGE_ROWS = 2000;

export type AuditCheck = 'content' | 'link' | 'hash';

export interface AuditChainCheck {
  rows: number;
  firstId: string | null;
  lastId: string | null;
  /**
   * Set when the oldest rows were purged: the first row left links to a row that is gone, so its
   * prev_hash is taken as given — because this purge record (an `audit.purged` row) names that hash.
   */
  afterPurge?: { firstId: string; purgeRecord: string };
  /**
   * The oldest row that fails a check: `content` — its content_hash is not the hash of its columns;
   * `link` — its prev_hash is not the hash of the row before (nor genesis, nor a purge's); `hash` —
   * its hash is not sha256(prev_hash ‖ id ‖ content_hash).
   */
  firstBroken?: { id: string; check: AuditCheck };
  /** Each asked-for row's chain hash as its columns give it, whatever its stored hashes say. */
  recomputed: Map<string, Buffer>;
}

/**
 * Walks the audit log oldest first, a page at a time, checking each row's content hash, its link
 * to the row before and its chain hash. Also recomputes the chain from the columns alone and
 * returns that hash for the ids in `recomputeAt` (the ids anchors name).
 */
export async function verifyAuditChain(pool: Pool, recomputeAt: ReadonlySet<string> = new Set()): Promise<AuditChainCheck> {
  const purges = await purgeHashes(pool);
  const check: AuditChainCheck = { rows: 0, firstId: null, lastId: null, recomputed: new Map() };
  let previous: { stored: Buffer; recomputed: Buffer } | null = null;
  for (let page = await chainPage(pool, '0'); page.length > 0; page = await chainPage(pool, page[page.length - 1].id)) {
    for (const row of page) {
      if (!previous) previous = start(check, row, purges);
      const contentHash = auditContentHash(row);
      const failed = !contentHash.equals(row.contentHash)
        ? 'content'
        : !row.prevHash.equals(previous.stored)
          ? 'link'
          : !auditChainHash(row.prevHash, BigInt(row.id), row.contentHash).equals(row.hash)
            ? 'hash'
            : null;
      if (failed && !check.firstBroken) check.firstBroken = { id: row.id, check: failed };
      const recomputed = auditChainHash(previous.recomputed, BigInt(row.id), contentHash);
      if (recomputeAt.has(row.id)) check.recomputed.set(row.id, recomputed);
      previous = { stored: row.hash, recomputed };
      check.rows += 1;
      check.lastId = row.id;
    }
  }
  return check;
}

/**
 * Where the chain starts: at genesis, or — after a purge — at the prev_hash of the first row left,
 * which a purge record must name.
 */
function start(check: AuditChainCheck, first: StoredAuditRecord, purges: Map<string, string>): { stored: Buffer; recomputed: Buffer } {
  check.firstId = first.id;
  const purgeRecord = purges.get(first.prevHash.toString('hex'));
  if (first.prevHash.equals(GENESIS_HASH) || !purgeRecord) return { stored: GENESIS_HASH, recomputed: GENESIS_HASH };
  check.afterPurge = { firstId: first.id, purgeRecord };
  return { stored: first.prevHash, recomputed: first.prevHash };
}

/** Rows after `afterId` in id order — by the bigint column: COLUMNS names its text form `id` too. */
async function chainPage(pool: Pool, afterId: string): Promise<StoredAuditRecord[]> {
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM audit_log WHERE audit_log.id > $1 ORDER BY audit_log.id LIMIT $2`, [afterId, PAGE_ROWS]);
  return rows.map(toStoredRecord);
}

/** The hash of the last row each purge deleted (hex) → the purge record's id. The walk checks those records like any row. */
async function purgeHashes(pool: Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query(`SELECT id::text AS id, details->>'throughHash' AS through_hash FROM audit_log WHERE action = 'audit.purged' ORDER BY audit_log.id`);
  return new Map(rows.filter((row) => row.through_hash).map((row) => [row.through_hash as string, row.id as string]));
}
