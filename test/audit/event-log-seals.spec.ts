import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAnchor,
  ensureAnchorKey,
  loadAnchorSigningKey,
  loadAnchorVerifyingKey,
  publicKeyFileOf,
  readAnchors,
  recomputeSeals,
  sealEventLog,
  takeAnchor,
  verifyLedger,
  type AnchorSigningKey,
  type AnchorVerifyingKey,
  type SealRun,
} from '#libs/audit';
import { EventStore, type EventMetadata } from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const metadata: EventMetadata = { actor: 'manager-laian', correlationId: 'c', causationId: null, commandId: null };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('seals over the event log', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeEach(async () => {
    db = await createTestDatabase(5);
    store = new EventStore(db.pool);
  });
  afterEach(() => db.drop());

  /** Appends `count` events in appends of up to five (so one transaction holds positions such as 9 and 10). */
  const appendEvents = async (count: number) => {
    for (let n = 0; n < count; n += 5) {
      const events = Array.from({ length: Math.min(5, count - n) }, (_, i) => ({
        type: 'milestone.completed.v1',
        data: { n: n + i, note: `验收通过 "第${n + i}次"\\`, nested: { z: 1, a: [1.50, null, { 键: '值' }] } },
      }));
      await store.append(`laian-${randomUUID()}`, 'no_stream', events, { metadata });
    }
  };
  const count = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0].n as number;
  const sealed = () => count('SELECT coalesce(sum(event_count), 0)::int AS n FROM event_log_seals');
  /** Seals until `expected` events are sealed: any open transaction of the cluster — another test file's too — holds the horizon back a while. */
  const sealUntil = async (expected: number, batchSize?: number): Promise<SealRun> => {
    const total: SealRun = { seals: 0, events: 0 };
    const deadline = Date.now() + 20_000;
    while ((await sealed()) < expected && Date.now() < deadline) {
      const run = await sealEventLog(db.pool, { batchSize });
      total.seals += run.seals;
      total.events += run.events;
      if (run.events === 0) await sleep(50);
    }
    return total;
  };

  it('seals every committed event once, in batches, each seal chained to the one before; verify agrees', async () => {
    await appendEvents(47);
    const run = await sealUntil(47, 4);
    expect(run.events).toBe(47);
    expect(await sealEventLog(db.pool)).toEqual({ seals: 0, events: 0 });

    const { rows: seals } = await db.pool.query('SELECT id::int AS id, event_count, prev_hash, hash FROM event_log_seals ORDER BY event_log_seals.id');
    expect(seals.length).toBeGreaterThanOrEqual(12);
    expect(seals.map((seal) => seal.id)).toEqual(seals.map((_, i) => i + 1));
    expect(seals.every((seal) => seal.event_count <= 4)).toBe(true);
    for (let i = 1; i < seals.length; i++) expect(seals[i].prev_hash.equals(seals[i - 1].hash)).toBe(true);

    const check = await recomputeSeals(db.pool);
    expect(check).toMatchObject({ seals: seals.length, events: 47 });
    expect(check.firstBroken).toBeUndefined();
    const report = await verifyLedger(db.pool);
    expect(report).toMatchObject({ ok: true, events: { seals: seals.length, events: 47 } });
  });

  it('lets concurrent sealers seal each event exactly once', async () => {
    await appendEvents(60);
    const deadline = Date.now() + 20_000;
    while ((await sealed()) < 60 && Date.now() < deadline) {
      await Promise.all([sealEventLog(db.pool, { batchSize: 7 }), sealEventLog(db.pool, { batchSize: 7 }), sealEventLog(db.pool, { batchSize: 7 })]);
    }
    expect(await sealed()).toBe(60);
    const report = await verifyLedger(db.pool);
    expect(report.ok).toBe(true);
    expect(report.events.events).toBe(60);
  });

  it('leaves an event of an open transaction, and every event committed after it began, for a later seal', async () => {
    await appendEvents(10);
    const held = await db.pool.connect();
    try {
      await held.query('BEGIN');
      const heldStream = `held-${randomUUID()}`;
      await store.append(heldStream, 'no_stream', [{ type: 'milestone.started.v1', data: { held: true } }], { metadata }, held);
      const heldTransaction = (await held.query('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid as string;
      await appendEvents(5); // committed, but by transactions younger than the open one

      await sealUntil(await count('SELECT count(*)::int AS n FROM events WHERE transaction_id < $1::xid8', [heldTransaction]));
      for (let i = 0; i < 3; i++) await sealEventLog(db.pool);
      expect(await sealed()).toBe(10);
      const beyond = await count('SELECT count(*)::int AS n FROM event_log_seals WHERE last_transaction_id >= $1::xid8', [heldTransaction]);
      expect(beyond).toBe(0);
      const sealsBefore = await count('SELECT count(*)::int AS n FROM event_log_seals');

      await held.query('COMMIT');
      await sealUntil(16);
      expect(await sealed()).toBe(16);
      const { rows } = await db.pool.query(
        `SELECT s.id::int AS id FROM events e, LATERAL (
           SELECT id FROM event_log_seals s WHERE (s.last_transaction_id, s.last_position) >= (e.transaction_id, e.position) ORDER BY s.id LIMIT 1) s
         WHERE e.stream_id = $1`,
        [heldStream],
      );
      expect(rows[0].id).toBeGreaterThan(sealsBefore);
      expect((await verifyLedger(db.pool)).ok).toBe(true);
    } finally {
      held.release();
    }
  });

  describe('when a superuser changes the log', () => {
    let dir: string;
    let signing: AnchorSigningKey;
    let verifying: AnchorVerifyingKey;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'taizhang-seals-'));
      const keyFile = join(dir, 'audit-anchor.pem');
      await ensureAnchorKey(keyFile);
      signing = loadAnchorSigningKey(keyFile);
      verifying = await loadAnchorVerifyingKey(publicKeyFileOf(keyFile));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const asSuperuser = async (table: string, sql: string) => {
      await db.pool.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
      try {
        await db.pool.query(sql);
      } finally {
        await db.pool.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
      }
    };
    /** The seal that covers the event at this position. */
    const sealOf = async (position: number) =>
      String(
        await count(
          `SELECT s.id::int AS n FROM events e, LATERAL (
             SELECT id FROM event_log_seals s WHERE (s.last_transaction_id, s.last_position) >= (e.transaction_id, e.position) ORDER BY s.id LIMIT 1) s
           WHERE e.position = $1`,
          [position],
        ),
      );

    it('names the seal of an event whose data was changed (hash) or that was deleted (events); an anchor still catches seals made again', async () => {
      const anchorFile = join(dir, 'anchors.jsonl');
      await appendEvents(40);
      await sealUntil(40, 10);
      const { anchor } = await takeAnchor(db.pool, signing, new Date());
      await appendAnchor(anchorFile, anchor);
      expect((await verifyLedger(db.pool, { lines: await readAnchors(anchorFile), key: verifying })).ok).toBe(true);

      await asSuperuser('events', `UPDATE events SET data = jsonb_set(data, '{note}', '"未验收"') WHERE position = 27`);
      const changed = await verifyLedger(db.pool);
      expect(changed.ok).toBe(false);
      expect(changed.events.firstBroken).toEqual({ seal: await sealOf(27), check: 'hash' });

      const removedSeal = await sealOf(12);
      await asSuperuser('events', 'DELETE FROM events WHERE position = 12');
      expect((await verifyLedger(db.pool)).events.firstBroken).toEqual({ seal: removedSeal, check: 'events' });

      // Sealing the changed log again makes the seals agree with it; the anchor taken before does not.
      await asSuperuser('event_log_seals', 'DELETE FROM event_log_seals');
      await sealUntil(39, 10);
      const resealed = await verifyLedger(db.pool, { lines: await readAnchors(anchorFile), key: verifying });
      expect(resealed.events.firstBroken).toBeUndefined();
      expect(resealed.ok).toBe(false);
      expect(resealed.anchors.firstMismatch).toMatchObject({ line: 1, part: 'events', id: anchor.events?.seal, reason: 'hash' });
    });
  });
});
