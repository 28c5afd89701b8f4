import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate, withDatabase } from '#libs/database';
import { freePort, startLocalPostgres, startLocalRedis, type RunningService } from '#libs/local-services';
import { MIGRATIONS } from '#migrations';

/**
 * Starts what the tests need, unless the environment points at running servers:
 * PostgreSQL (TEST_DATABASE_URL, else embedded) and Redis (TEST_REDIS_URL, else redis-server from PATH).
 * Every test file then gets its own database, cloned from a migrated template.
 */
/** Every test database is a copy of this one. */
export const TEMPLATE_DATABASE = 'taizhang_template';

export default async function globalSetup(): Promise<void> {
  const started: RunningService[] = [];
  const scratch = await traversableTempDir();
  started.push({ url: scratch, stop: () => rm(scratch, { recursive: true, force: true }) });
  const postgres = process.env.TEST_DATABASE_URL
    ? { url: process.env.TEST_DATABASE_URL }
    : await startLocalPostgres({
        dataDir: join(scratch, 'postgres'),
        port: await freePort(),
        fast: true,
      });
  if ('stop' in postgres) started.push(postgres);
  const redis = process.env.TEST_REDIS_URL
    ? { url: process.env.TEST_REDIS_URL }
    : await startLocalRedis({ port: await freePort() });
  if ('stop' in redis) started.push(redis);
  (globalThis as { __taizhangServices?: RunningService[] }).__taizhangServices = started;

  process.env.TEST_DATABASE_URL = postgres.url;
  process.env.TEST_REDIS_URL = redis.url;
  await createTemplate(postgres.url);
}

async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(
    dataSourceOptions({ url: withDatabase(adminUrl, TEMPLATE_DATABASE), poolSize: 2, applicationName: 'taizhang-test-setup', migrations: MIGRATIONS }),
  );
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** As root, PostgreSQL runs as the postgres user, which must be able to enter the folder. */
async function traversableTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-test-'));
  await chmod(dir, 0o755);
  return dir;
}
