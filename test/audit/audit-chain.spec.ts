import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anchorKeyId,
  anchorLine,
  appendAnchor,
  appendAuditRecord,
  auditContentHash,
  COLUMNS,
  AuditPurgeRefusedError,
  ensureAnchorKey,
  GENESIS_HASH,
  loadAnchorSigningKey,
  loadAnchorVerifyingKey,
  publicKeyFileOf,
  purgeAuditLog,
  readAnchors,
  signAnchor,
  takeAnchor,
  toStoredRecord,
  verifyLedger,
  type AnchorSigningKey,
  type AnchorVerifyingKey,
  type AuditRecord,
} from '#libs/audit';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const purger = { actor: null, actorRole: 'system', userAgent: 'test' };

function record(n: number, at = new Date()): AuditRecord {
  return {
    at,
    actor: `user-${n % 7}`,
    actorRole: 'admin',
    sourceAddress: '127.0.0.1',
    userAgent: 'jest',
    action: 'user.changed',
    object: `user-${n}`,
    result: 'success',
    correlationId: `c-${n}`,
    details: { n, changes: { role: 'viewer', county: null }, 备注: '测试' },
  };
}

describe('the audit log: append-only, hash-chained, anchored outside the database', () => {
  let dir: string;
  let keyFile: string;
  let signing: AnchorSigningKey;
  let verifying: AnchorVerifyingKey;
  let db: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taizhang-audit-'));
    keyFile = join(dir, 'keys', 'audit-anchor.pem');
    await ensureAnchorKey(keyFile);
    signing = loadAnchorSigningKey(keyFile);
    verifying = await loadAnchorVerifyingKey(publicKeyFileOf(keyFile));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    db = await createTestDatabase(5);
  });
  afterEach(() => db.drop());

  /** Rows in chain order (readAuditChain sorts its ids as text: 1, 10, 11, …, 2). */
  const chain = async (fromId = 1, limit = 1000) =>
    (await db.pool.query(`SELECT ${COLUMNS} FROM audit_log WHERE audit_log.id >= $1 ORDER BY audit_log.id LIMIT $2`, [fromId, limit])).rows.map(toStoredRecord);
  const appendRows = async (from: number, count: number, at?: Date) => {
    for (let n = from; n < from + count; n++) await appendAuditRecord(db.pool, record(n, at));
  };
  const verifyWith = async (anchorFile?: string) =>
    verifyLedger(db.pool, anchorFile ? { lines: await readAnchors(anchorFile), key: verifying } : undefined);
  /** As a superuser can: with the guard switched off. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await db.pool.query(sql, params);
    } finally {
      await db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
  };

  it('chains rows appended one by one and 50 at once from 5 connections, ids contiguous in chain order', async () => {
    await appendRows(1, 10);
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAuditRecord(db.pool, record(100 + i))));
    const rows = await chain();
    expect(rows.map((row) => Number(row.id))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(rows[0].prevHash.equals(GENESIS_HASH)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash.equals(rows[i - 1].hash)).toBe(true);
    expect(rows.every((row) => row.contentHash.equals(auditContentHash(row)))).toBe(true);

    const report = await verifyWith();
    expect(report).toMatchObject({ ok: true, audit: { rows: 60, firstId: '1', lastId: '60' }, anchors: { checked: 0 } });
    expect(report.audit.firstBroken).toBeUndefined();
  });

  it('refuses UPDATE, DELETE and TRUNCATE (TZ403), and a DELETE marked as a purge of a row younger than 180 days', async () => {
    await appendRows(1, 3);
    await expect(db.pool.query(`UPDATE audit_log SET object = 'x' WHERE id = 2`)).rejects.toMatchObject({ code: 'TZ403' });
    await expect(db.pool.query('DELETE FROM audit_log WHERE id = 1')).rejects.toMatchObject({ code: 'TZ403' });
    await expect(db.pool.query('TRUNCATE audit_log')).rejects.toMatchObject({ code: 'TZ403' });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL taizhang.audit_purge = 'on'`);
      await expect(client.query('DELETE FROM audit_log WHERE id = 1')).rejects.toMatchObject({ code: 'TZ403' });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(3);
    expect((await verifyWith()).ok).toBe(true);
  });

  it('names the row a superuser changed as the first broken one (its content)', async () => {
    await appendRows(1, 20);
    await tamper(`UPDATE audit_log SET object = 'x' WHERE id = 7`);
    const report = await verifyWith();
    expect(report.ok).toBe(false);
    expect(report.audit).toMatchObject({ rows: 20, firstBroken: { id: '7', check: 'content' } });
  });

  it('names the row after one a superuser deleted (its link), and a first row whose predecessor vanished without a purge', async () => {
    await appendRows(1, 10);
    await tamper('DELETE FROM audit_log WHERE id = 4');
    expect((await verifyWith()).audit.firstBroken).toEqual({ id: '5', check: 'link' });
    await tamper('DELETE FROM audit_log WHERE id <= 3');
    expect((await verifyWith()).audit.firstBroken).toEqual({ id: '5', check: 'link' });
  });

  it('catches a row rewritten with every later hash recomputed: the chain alone looks whole, the anchor taken before does not match', async () => {
    const anchorFile = join(dir, 'rewrite.jsonl');
    await appendRows(1, 12);
    const before = await takeAnchor(db.pool, signing, new Date());
    expect(before.anchor.audit?.id).toBe('12');
    await appendAnchor(anchorFile, before.anchor);
    await appendRows(13, 3);

    // What a superuser who knows the scheme can do: rewrite row 5, then recompute its content hash and every later link.
    const [row5] = await chain(5, 1);
    const forged = auditContentHash({ ...row5, object: 'someone-else' });
    await tamper(`UPDATE audit_log SET object = 'someone-else', content_hash = $1 WHERE id = 5`, [forged]);
    await tamper(`
      DO $$
      DECLARE r record; prev bytea;
      BEGIN
        SELECT hash INTO prev FROM audit_log WHERE id = 4;
        FOR r IN SELECT id, content_hash FROM audit_log WHERE id >= 5 ORDER BY id LOOP
          UPDATE audit_log SET prev_hash = prev, hash = sha256(prev || int8send(r.id) || r.content_hash) WHERE id = r.id;
          prev := sha256(prev || int8send(r.id) || r.content_hash);
        END LOOP;
      END $$`);

    const chainOnly = await verifyWith();
    expect(chainOnly.ok).toBe(true);
    expect(chainOnly.audit.firstBroken).toBeUndefined();

    const anchored = await verifyWith(anchorFile);
    expect(anchored.ok).toBe(false);
    expect(anchored.anchors).toMatchObject({ checked: 1, badSignatures: 0, firstMismatch: { line: 1, part: 'audit', id: '12', reason: 'hash' } });

    // A new anchor over the forged chain is honest about what it saw; the old one still disagrees.
    await appendAnchor(anchorFile, (await takeAnchor(db.pool, signing, new Date())).anchor);
    expect((await verifyWith(anchorFile)).anchors).toMatchObject({ checked: 2, firstMismatch: { line: 1 } });
  });

  it('counts a forged anchor as a bad signature: signed by another key, or a valid line edited', async () => {
    const anchorFile = join(dir, 'forged.jsonl');
    await appendRows(1, 5);
    const honest = (await takeAnchor(db.pool, signing, new Date())).anchor;
    await appendAnchor(anchorFile, honest);
    expect((await verifyWith(anchorFile)).ok).toBe(true);

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const otherKey = { privateKey, publicKey, keyId: anchorKeyId(publicKey) };
    await appendAnchor(anchorFile, signAnchor({ at: new Date().toISOString(), audit: { id: '5', hash: 'f'.repeat(64) }, events: null }, otherKey));
    await appendAnchor(anchorFile, signAnchor({ at: new Date().toISOString(), audit: { id: '5', hash: 'f'.repeat(64) }, events: null }, { ...otherKey, keyId: signing.keyId }));
    const edited = anchorLine(honest).replace(honest.audit?.hash as string, 'e'.repeat(64));
    await writeFile(anchorFile, `${edited}\n`, { flag: 'a' });

    const report = await verifyWith(anchorFile);
    expect(report.ok).toBe(false);
    expect(report.anchors).toMatchObject({ checked: 4, badSignatures: 3, firstBadSignature: { line: 2 } });
    expect(report.anchors.firstMismatch).toBeUndefined();
    expect((await readFile(anchorFile, 'utf8')).split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('purges only rows older than 180 days, the oldest run of them, leaving a chain that still verifies', async () => {
    const anchorFile = join(dir, 'purge.jsonl');
    const twoYearsAgo = new Date(Date.now() - 730 * DAY_MS);
    await appendRows(1, 5, twoYearsAgo);
    await appendAnchor(anchorFile, (await takeAnchor(db.pool, signing, new Date())).anchor);
    await appendRows(6, 3);
    await appendRows(9, 1, twoYearsAgo); // old by its date, but after recent rows: deleting it would break the chain
    await appendRows(10, 2);
    await appendAnchor(anchorFile, (await takeAnchor(db.pool, signing, new Date())).anchor);

    await expect(purgeAuditLog(db.pool, new Date(Date.now() - 30 * DAY_MS), purger)).rejects.toBeInstanceOf(AuditPurgeRefusedError);
    await expect(purgeAuditLog(db.pool, new Date(Date.now() - 179 * DAY_MS), purger)).rejects.toThrow(/180 days/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(11);

    const purged = await purgeAuditLog(db.pool, new Date(Date.now() - 365 * DAY_MS), purger);
    expect(purged).toMatchObject({ deleted: 5, throughId: '5', recordId: '12' });
    const ids = (await db.pool.query('SELECT id::int AS id FROM audit_log ORDER BY id')).rows.map((row) => row.id);
    expect(ids).toEqual([6, 7, 8, 9, 10, 11, 12]);
    const [record12] = await chain(12, 1);
    expect(record12).toMatchObject({ action: 'audit.purged', actorRole: 'system', details: { deleted: 5, throughId: '5' } });

    const report = await verifyWith(anchorFile);
    expect(report.ok).toBe(true);
    expect(report.audit).toMatchObject({ rows: 7, firstId: '6', afterPurge: { firstId: '6', purgeRecord: '12' } });
    expect(report.anchors).toMatchObject({ checked: 2, badSignatures: 0, purged: 1 });
    expect(report.anchors.firstMismatch).toBeUndefined();
  });
});
