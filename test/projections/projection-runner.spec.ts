import { spawn, type ChildProcess } from 'node:child_process';
import fc from 'fast-check';
import type { PoolClient } from 'pg';
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { PortfolioProjector, ProjectionRunner, readCheckpoint, selectProjections, verifyProjection, type Projector } from '#libs/projections';
import { seedSyntheticPortfolio } from '#libs/synthetic';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { foldedRows, storedRows } from './projection-fixtures.js';

const [portfolio] = selectProjections('portfolio');
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

/** A real worker process (the built one), killable like a crashed machine. */
function startWorkerProcess(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: `{lease-test-${process.pid}}`, SMTP_URL: 'smtp://127.0.0.1:9', NODE_OPTIONS: '' },
    stdio: 'ignore',
  });
}

describe('projection runner and project summaries', () => {
  it('keeps rows equal to a fold of the log and to a rebuild from zero, whatever the histories and batch sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 3, max: 20 }),
        fc.integer({ min: 1, max: 40 }),
        async (seed, projects, batchSize) => {
          const db = await createTestDatabase(6);
          try {
            await seedSyntheticPortfolio(db.pool, { projects, seed, today: '2025-10-31', concurrency: 3 });
            const runner = new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector(), { batchSize });
            await drain(runner);
            expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
            expect((await verifyProjection(db.pool, portfolio)).differences).toEqual([]);
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
      const real = new PortfolioProjector();
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

    it('lets one of two workers run the projector; when one is killed the other takes over', async () => {
      const total = async () => (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
      const caughtUp = async () => (await readCheckpoint(db.pool, 'portfolio')).eventsApplied === (await total());
      const worker = startWorkerProcess(db.url);
      const standby = new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector(), { pollMs: 100, leaseRetryMs: 100 });
      try {
        // The worker's runner writes its checkpoint row in its first batch, after it took the lease.
        await eventually(async () => (await db.pool.query(`SELECT 1 FROM projection_checkpoints WHERE projection = 'portfolio'`)).rowCount === 1, 20_000);
        standby.start();
        await seedSyntheticPortfolio(db.pool, { projects: 10, seed: 9, today: '2025-10-31', concurrency: 2 });
        await eventually(caughtUp, 10_000);
        expect(standby.holdsLease).toBe(false);

        worker.kill('SIGKILL');
        await eventually(async () => standby.holdsLease, 10_000);
        await seedSyntheticPortfolio(db.pool, { projects: 20, seed: 9, today: '2025-10-31', concurrency: 2 });
        await eventually(caughtUp, 10_000);
        expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
      } finally {
        worker.kill('SIGKILL');
        await standby.stop();
      }
    }, 60_000);

    it('applies new events within a second, woken by NOTIFY rather than by polling', async () => {
      const runner = new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector(), { pollMs: 60_000 });
      try {
        runner.start();
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
