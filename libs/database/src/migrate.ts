import type { DataSource, Migration } from 'typeorm';

/** Any fixed number: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 7_341_100;

/**
 * Applies pending migrations. Several processes may start at once (API, worker, tests):
 * an advisory lock lets one migrate while the others wait, then find nothing to do.
 * The lock holds one connection and the migrations use another: the pool needs at least two.
 */
export async function migrate(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
