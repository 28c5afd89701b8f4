import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  EventStore,
  START_OF_LOG,
  isStalled,
  logStallReport,
  type EventMetadata,
  type LogPosition,
  type RecordedEvent,
} from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const metadata: EventMetadata = { actor: 'stress', correlationId: 'c', causationId: null, commandId: null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Many writers commit in an order unrelated to the positions they took; some roll back; one
 * transaction stays open while the others commit. A reader following the log must see every
 * committed event exactly once, in one order that never changes, and nothing rolled back.
 */
describe('gap-safe reading of the global log', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase(40);
    store = new EventStore(db.pool);
  });
  afterAll(() => db.drop());

  async function inTransaction(work: (client: PoolClient) => Promise<void>, commit: boolean): Promise<void> {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    } finally {
      client.release();
    }
  }

  it('never skips, reorders or duplicates, and shows the open transaction that holds readers back', async () => {
    const writers = 12;
    const appendsPerWriter = 60;
    let writing = true;
    const seen: RecordedEvent[] = [];
    let checkpoint: LogPosition = START_OF_LOG;
    const positionOnly: number[] = [];
    let naiveLast = 0;
    let batchesWhileWriting = 0;

    const committedCount = async () => (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
    // Other databases of the same cluster (tests running in parallel) may hold readers back for a
    // while: after the writers stop, read until everything committed has been seen, or time out.
    const reader = (async () => {
      const deadline = () => Date.now() + 20_000;
      let giveUpAt = Infinity;
      while (writing || seen.length < (await committedCount())) {
        if (!writing && giveUpAt === Infinity) giveUpAt = deadline();
        if (Date.now() > giveUpAt) break;
        const batch = await store.readAll(checkpoint, 25);
        seen.push(...batch);
        if (writing && batch.length > 0) batchesWhileWriting += 1;
        if (batch.length > 0) checkpoint = batch[batch.length - 1];
        // what a reader ordering by position alone would get, for contrast
        const { rows } = await db.pool.query('SELECT position::int AS p FROM events WHERE position > $1 ORDER BY position', [naiveLast]);
        for (const row of rows) positionOnly.push(row.p);
        if (rows.length > 0) naiveLast = rows[rows.length - 1].p;
        await sleep(2);
      }
    })();

    const heldStream = `held-${randomUUID()}`;
    const held = sleep(100).then(() => inTransaction(async (client) => {
      await store.append(heldStream, 'no_stream', [{ type: 'held.open', data: { commit: true } }], { metadata }, client);
      await sleep(400);
      const report = await logStallReport(db.pool);
      expect(report.heldBackEvents).toBeGreaterThan(0);
      expect(report.oldestOpenTransaction?.ageSeconds).toBeGreaterThan(0.3);
      expect(isStalled(report, 0.3)).toBe(true);
      await sleep(400);
    }, true));

    // Even writers track their streams' versions (the one-statement path), odd ones append at 'any' (the locked path).
    const work = Array.from({ length: writers }, async (_, writer) => {
      const versions = [0, 0, 0];
      for (let i = 0; i < appendsPerWriter; i += 1) {
        const commit = (writer * 7 + i) % 5 !== 0;
        const stream = `w${writer}-${i % 3}`;
        const expected = writer % 2 === 0 ? versions[i % 3] : 'any';
        await inTransaction(async (client) => {
          await store.append(stream, expected === 0 ? 'no_stream' : expected, [
            { type: 'stress.appended', data: { writer, i, commit, part: 1 } },
            { type: 'stress.appended', data: { writer, i, commit, part: 2 } },
          ], { metadata }, client);
          await sleep((writer + i) % 4 === 0 ? 15 : 1);
        }, commit);
        if (commit) versions[i % 3] += 2;
      }
    });
    await Promise.all([...work, held]);
    writing = false;
    await reader;

    expect(batchesWhileWriting).toBeGreaterThan(0);
    const { rows: committed } = await db.pool.query(
      'SELECT position::int AS position FROM events ORDER BY transaction_id, position',
    );
    const seenPositions = seen.map((e) => e.position);
    expect(new Set(seenPositions).size).toBe(seenPositions.length);
    expect(seenPositions).toEqual(committed.map((r) => r.position));
    expect(seen.some((e) => (e.data as { commit?: boolean }).commit === false)).toBe(false);
    expect(seen.filter((e) => e.type === 'stress.appended')).toHaveLength(
      2 * Array.from({ length: writers * appendsPerWriter }, (_, k) => k).filter(
        (k) => (Math.floor(k / appendsPerWriter) * 7 + (k % appendsPerWriter)) % 5 !== 0,
      ).length,
    );
    for (const stream of new Set(seen.map((e) => e.streamId))) {
      const versions = seen.filter((e) => e.streamId === stream).map((e) => e.version);
      expect(versions).toEqual(versions.map((_, k) => k + 1));
    }
    const heldEvent = seen.find((e) => e.streamId === heldStream)!;
    expect(heldEvent).toBeDefined();
    // The contrast: by position alone, the held event was passed before it committed and never seen.
    expect(positionOnly).not.toContain(heldEvent.position);
    expect(isStalled(await logStallReport(db.pool), 0.3)).toBe(false);
  }, 60_000);
});
