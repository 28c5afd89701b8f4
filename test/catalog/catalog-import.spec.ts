import { CATALOG_ENTRIES, importCatalog, scheduleMilestones, PLAN_START } from '#libs/catalog';
import { EventStore } from '#libs/event-store';
import { ProjectCommandExecutor, ProjectRepository, systemClock, templateFor } from '#libs/portfolio';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('importing the plan catalog through the command path', () => {
  let db: TestDatabase;
  let executor: ProjectCommandExecutor;
  let projects: ProjectRepository;

  beforeAll(async () => {
    db = await createTestDatabase(4);
    const store = new EventStore(db.pool);
    projects = new ProjectRepository(store);
    executor = new ProjectCommandExecutor(store, projects, systemClock);
  });
  afterAll(() => db.drop());

  const log = async () =>
    (await db.pool.query('SELECT position, stream_id, version, type, data FROM events ORDER BY position')).rows;

  it('registers every entry with its template milestones, and a second run appends nothing', async () => {
    const first = await importCatalog(executor, CATALOG_ENTRIES, 'run-1');
    const commandCount = CATALOG_ENTRIES.reduce((n, e) => n + 1 + templateFor(e.action).length, 0);
    expect(first).toEqual({ projects: CATALOG_ENTRIES.length, commandsExecuted: commandCount, commandsAlreadyDone: 0, changedSinceImport: [] });
    const afterFirst = await log();
    expect(afterFirst).toHaveLength(commandCount);

    const second = await importCatalog(executor, CATALOG_ENTRIES, 'run-2');
    expect(second).toEqual({ projects: CATALOG_ENTRIES.length, commandsExecuted: 0, commandsAlreadyDone: commandCount, changedSinceImport: [] });
    expect(await log()).toEqual(afterFirst);
  });

  it('gives every project the facts of its entry, the scheduled due dates and no invented progress', async () => {
    for (const entry of CATALOG_ENTRIES) {
      const { state, events } = await projects.load(entry.id);
      expect(state).toMatchObject({ id: entry.id, name: entry.name, county: entry.county, category: entry.category, action: entry.action, plannedCompletion: entry.deadline });
      expect(state?.milestones.map((m) => ({ key: m.key, title: m.title, dueDate: m.dueDate }))).toEqual(
        scheduleMilestones(entry.action, PLAN_START, entry.deadline),
      );
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(['project.registered', 'milestone.planned']));
      expect(events[0].metadata).toMatchObject({ actor: 'catalog-import', source: 'catalog', commandId: `catalog:${entry.id}:register` });
    }
  });

  it('reports an entry edited after its import instead of failing, and writes nothing for it', async () => {
    const before = await log();
    const edited = { ...CATALOG_ENTRIES[0], subType: `${CATALOG_ENTRIES[0].subType}（改）` };
    const report = await importCatalog(executor, [edited, ...CATALOG_ENTRIES.slice(1)], 'run-edited');
    expect(report.changedSinceImport).toEqual([`catalog:${edited.id}:register`]);
    expect(report.commandsExecuted).toBe(0);
    expect(await log()).toEqual(before);
  });

  it('finishes an interrupted import without duplicating what the first run wrote', async () => {
    const partial = await createTestDatabase(2);
    try {
      const store = new EventStore(partial.pool);
      const resumed = new ProjectCommandExecutor(store, new ProjectRepository(store), systemClock);
      await importCatalog(resumed, CATALOG_ENTRIES.slice(0, 10), 'interrupted');
      await importCatalog(resumed, CATALOG_ENTRIES, 'resumed');
      const { rows } = await partial.pool.query('SELECT count(*)::int AS n, count(DISTINCT (stream_id, version))::int AS distinct_n FROM events');
      const expected = CATALOG_ENTRIES.reduce((n, e) => n + 1 + templateFor(e.action).length, 0);
      expect(rows[0]).toEqual({ n: expected, distinct_n: expected });
    } finally {
      await partial.drop();
    }
  });
});
