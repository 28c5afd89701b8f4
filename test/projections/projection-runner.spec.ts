import fc from 'fast-check';
import type { PoolClient } from 'pg';
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { ProjectionRunner, ProjectSummaryProjector, readCheckpoint, type Projector } from '#libs/projections';
import { seedSyntheticPortfolio } from '#libs/synthetic';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { foldedRows, storedRows } from './projection-fixtures.js';

const drain = async (runner: ProjectionRunner) => {
  while ((await runner.runBatch()) > 0);
};
const eventually = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('projection runner and project summaries', () => {
  it('keeps rows equal to a fold of the log, whatever the histories and batch sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 3, max: 20 }),
        fc.integer({ min: 1, max: 40 }),
        async (seed, projects, batchSize) => {
          const db = await createTestDatabase(6);
          try {
            await seedSyntheticPortfolio(db.pool, { projects, seed, today: '2025-10-31', concurrency: 3 });
            const runner = new ProjectionRunner(db.pool, new EventStore(db.pool), new ProjectSummaryProjector(), { batchSize });
            await drain(runner);
            expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
          } finally {
            await db.drop();
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  describe('crashes and leases', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase(10);
    });
    afterEach(() => db.drop());

    it('loses nothing and doubles nothing when the connection dies between read-model writes', async () => {
      await seedSyntheticPortfolio(db.pool, { projects: 12, seed: 5, today: '2025-10-31', concurrency: 2 });
      const store = new EventStore(db.pool);
      const real = new ProjectSummaryProjector();
      let batches = 0;
      const dying: Projector = {
        name: real.name,
        async apply(events: readonly RecordedEvent[], tx: PoolClient) {
          batches += 1;
          if (batches !== 3) return real.apply(events, tx);
          await tx.query(`UPDATE project_summaries SET milestones_done = milestones_done + 100`);
          await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        },
      };
      const crashing = new ProjectionRunner(db.pool, store, dying, { batchSize: 20 });
      await crashing.runBatch();
      await crashing.runBatch();
      const before = await readCheckpoint(db.pool, real.name);
      await expect(crashing.runBatch()).rejects.toThrow();
      expect(await readCheckpoint(db.pool, real.name)).toEqual(before);

      await drain(new ProjectionRunner(db.pool, store, real, { batchSize: 20 }));
      expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
      expect((await readCheckpoint(db.pool, real.name)).eventsApplied).toBe(rows[0].n);
    });

    it('lets one of two workers run the projector; when it dies the other takes over', async () => {
      const store = new EventStore(db.pool);
      const options = { batchSize: 50, pollMs: 100, leaseRetryMs: 100 };
      const first = new ProjectionRunner(db.pool, store, new ProjectSummaryProjector(), options);
      const second = new ProjectionRunner(db.pool, store, new ProjectSummaryProjector(), options);
      first.start();
      await eventually(async () => first.holdsLease);
      second.start();
      await seedSyntheticPortfolio(db.pool, { projects: 10, seed: 9, today: '2025-10-31', concurrency: 2 });
      const total = async () => (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
      await eventually(async () => (await readCheckpoint(db.pool, 'project_summaries')).eventsApplied === (await total()));
      expect([first.holdsLease, second.holdsLease]).toEqual([true, false]);

      await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      await eventually(async () => second.holdsLease);
      await seedSyntheticPortfolio(db.pool, { projects: 20, seed: 9, today: '2025-10-31', concurrency: 2 });
      await eventually(async () => (await readCheckpoint(db.pool, 'project_summaries')).eventsApplied === (await total()));
      await Promise.all([first.stop(), second.stop()]);
      expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
    });

    it('applies new events within a second, woken by NOTIFY rather than by polling', async () => {
      const runner = new ProjectionRunner(db.pool, new EventStore(db.pool), new ProjectSummaryProjector(), { pollMs: 60_000 });
      runner.start();
      try {
        await eventually(async () => runner.holdsLease);
        await new Promise((r) => setTimeout(r, 100));
        const started = Date.now();
        await seedSyntheticPortfolio(db.pool, { projects: 1, seed: 3, today: '2025-10-31', concurrency: 1 });
        await eventually(async () => (await db.pool.query('SELECT 1 FROM project_summaries')).rowCount === 1, 1000);
        expect(Date.now() - started).toBeLessThan(1000);
      } finally {
        await runner.stop();
      }
    });
  });
});
