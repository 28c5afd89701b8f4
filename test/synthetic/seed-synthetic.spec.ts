import { EventStore } from '#libs/event-store';
import { ProjectCommandExecutor, ProjectRepository, fixedClock } from '#libs/portfolio';
import { generateSyntheticPortfolio, seedSyntheticPortfolio, type SeedOptions, type SeedReport } from '#libs/synthetic';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const OPTIONS: SeedOptions = { projects: 200, seed: 42, today: '2025-12-31', concurrency: 8 };

/** The log as facts: what a stream says, not where or when it landed. */
const facts = async (db: TestDatabase) =>
  (await db.pool.query('SELECT stream_id, version, type, data, metadata FROM events ORDER BY stream_id, version')).rows;

describe('seeding the synthetic portfolio', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let report: SeedReport;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(8), createTestDatabase(8)]);
    report = await seedSyntheticPortfolio(first.pool, OPTIONS);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('appends every project once, and nothing when run again with the same seed', async () => {
    const afterFirst = await facts(first);
    expect(report).toMatchObject({ projects: 200, alreadySeeded: 0, events: afterFirst.length });
    expect(new Set(afterFirst.map((row) => row.stream_id)).size).toBe(200);

    const again = await seedSyntheticPortfolio(first.pool, OPTIONS);
    expect(again).toMatchObject({ projects: 200, alreadySeeded: 200, events: 0 });
    expect(await facts(first)).toEqual(afterFirst);
  });

  it('writes the same events into another database from the same seed', async () => {
    await seedSyntheticPortfolio(second.pool, { ...OPTIONS, concurrency: 3 });
    expect(await facts(second)).toEqual(await facts(first));
  });

  it('marks every event as synthetic, with its manager as actor and one command id per project', async () => {
    const rows = await facts(first);
    for (const { stream_id, metadata } of rows) {
      expect(metadata).toEqual({
        actor: expect.stringMatching(/^pm\d{4}@[a-z]+\.example\.gov\.cn$/),
        correlationId: 'synthetic-42',
        causationId: null,
        commandId: `synthetic:42:${stream_id}`,
        synthetic: true,
      });
    }
    const registered = rows.filter((row) => row.type === 'project.registered');
    expect(registered.every((row) => row.data.plan === '合成演示数据（synthetic, seed 42）')).toBe(true);
  });

  it('writes exactly the events the command path writes for the same commands', async () => {
    const viaCommands = await createTestDatabase(2);
    try {
      const store = new EventStore(viaCommands.pool);
      const executor = new ProjectCommandExecutor(store, new ProjectRepository(store), fixedClock(`${OPTIONS.today}T12:00:00+08:00`));
      const projects = [...generateSyntheticPortfolio({ ...OPTIONS, projects: 25 })];
      for (const project of projects) {
        for (const { command } of project.commands) {
          await executor.execute(project.projectId, command, { actor: project.managerEmail, correlationId: 'command-path' });
        }
      }
      const ids = projects.map((p) => p.projectId);
      const query = 'SELECT stream_id, version, type, data FROM events WHERE stream_id = ANY($1) ORDER BY stream_id, version';
      const expected = (await viaCommands.pool.query(query, [ids])).rows;
      expect(expected.length).toBeGreaterThan(25 * 5);
      expect((await first.pool.query(query, [ids])).rows).toEqual(expected);
    } finally {
      await viaCommands.drop();
    }
  });
});
