import { spawn } from 'node:child_process';
import { EventStore } from '#libs/event-store';
import { PortfolioProjector, ProjectionRunner, readCheckpoint, rebuildProjection, selectProjections, verifyProjection } from '#libs/projections';
import { seedSyntheticPortfolio } from '#libs/synthetic';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { foldedRows, storedRows } from './projection-fixtures.js';

const [portfolio] = selectProjections('portfolio');
const drain = async (runner: ProjectionRunner) => {
  while ((await runner.runBatch()) > 0);
};
const indexNames = async (db: TestDatabase) =>
  (await db.pool.query(`SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`)).rows;

/** The built projections CLI against a test database: its exit code and what it printed. */
function projectionsCli(db: TestDatabase, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/apps/launcher/src/projections-cli.js', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, NODE_OPTIONS: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('projection rebuild and verify', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(8);
    await seedSyntheticPortfolio(db.pool, { projects: 25, seed: 11, today: '2025-10-31', concurrency: 2 });
  });
  afterEach(() => db.drop());

  it('rebuilds online while the live projector runs and events keep coming, ending with rows equal to a fold of the log', async () => {
    const live = new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector(), { pollMs: 50, leaseRetryMs: 50, batchSize: 7 });
    const indexesBefore = await indexNames(db);
    live.start();
    try {
      const [report] = await Promise.all([
        rebuildProjection(db.pool, portfolio, { batchSize: 13 }),
        seedSyntheticPortfolio(db.pool, { projects: 15, seed: 12, today: '2025-10-31', concurrency: 2 }),
      ]);
      expect(report.events).toBeGreaterThan(0);
      const total = async () => (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
      const deadline = Date.now() + 10_000;
      while ((await readCheckpoint(db.pool, 'portfolio')).eventsApplied !== (await total())) {
        if (Date.now() > deadline) throw new Error('the live projector did not catch up after the swap');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await live.stop();
    }
    expect(await storedRows(db.pool)).toEqual(await foldedRows(db.pool));
    expect(await indexNames(db)).toEqual(indexesBefore);
  }, 60_000);

  it('verifies the live rows against a rebuild and names the rows that differ', async () => {
    await drain(new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector()));
    expect((await verifyProjection(db.pool, portfolio)).differences).toEqual([]);

    const { rows } = await db.pool.query(`UPDATE project_summaries SET milestones_done = 99
                                          WHERE project_id = (SELECT min(project_id) FROM project_summaries) RETURNING project_id`);
    await db.pool.query(`DELETE FROM county_calendar WHERE ctid = (SELECT min(ctid) FROM county_calendar)`);
    const report = await verifyProjection(db.pool, portfolio);
    expect(report.differences.map((d) => [d.table, d.onlyLive, d.onlyRebuilt])).toEqual([
      ['project_summaries', 1, 1],
      ['county_calendar', 0, 1],
    ]);
    expect(report.differences[0].samples.onlyLive).toEqual([expect.objectContaining({ project_id: rows[0].project_id, milestones_done: 99 })]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '%_verify'`)).rows[0].n).toBe(0);
  });

  it('runs as npm run projections:verify / :rebuild, exiting 1 when rows differ', async () => {
    await drain(new ProjectionRunner(db.pool, new EventStore(db.pool), new PortfolioProjector()));
    expect(await projectionsCli(db, 'verify', 'all')).toMatchObject({ code: 0, output: expect.stringContaining('every row matches') });
    await db.pool.query(`UPDATE county_totals SET project = project + 1`);
    const differing = await projectionsCli(db, 'verify', 'portfolio');
    expect(differing).toMatchObject({ code: 1, output: expect.stringContaining('county_totals') });
    expect(await projectionsCli(db, 'rebuild', 'portfolio')).toMatchObject({ code: 0, output: expect.stringContaining('swapped in') });
    expect(await projectionsCli(db, 'verify', 'all')).toMatchObject({ code: 0 });
    expect(await projectionsCli(db, 'verify', 'nonsense')).toMatchObject({ code: 2, output: expect.stringContaining('known are portfolio') });
  }, 60_000);
});
