import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from '#libs/database';
import { freePort, startLocalPostgres, startLocalRedis } from '#libs/local-services';
import { migrateDatabase } from '../apps/launcher/src/migrate-database.js';

export interface BenchServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

type Cleanup = () => Promise<unknown>;

/**
 * A migrated database of its own on a durable PostgreSQL (BENCH_DATABASE_URL's server, else a
 * throw-away one) and a Redis (BENCH_REDIS_URL, else a throw-away redis-server).
 */
export async function startServices(): Promise<BenchServices> {
  const cleanups: Cleanup[] = [];
  const stop = async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup().catch(reportCleanupError);
  };
  try {
    const serverUrl = process.env.BENCH_DATABASE_URL ?? (await startPostgres(cleanups));
    const databaseUrl = await createDatabase(serverUrl, cleanups);
    await migrateDatabase(databaseUrl);
    const redisUrl = process.env.BENCH_REDIS_URL ?? (await startRedis(cleanups));
    return { databaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startPostgres(cleanups: Cleanup[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-bench-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await chmod(dir, 0o755);
  const postgres = await startLocalPostgres({ dataDir: join(dir, 'postgres'), port: await freePort() });
  cleanups.push(() => postgres.stop());
  return postgres.url;
}

async function startRedis(cleanups: Cleanup[]): Promise<string> {
  const redis = await startLocalRedis({ port: await freePort() });
  cleanups.push(() => redis.stop());
  return redis.url;
}

async function createDatabase(serverUrl: string, cleanups: Cleanup[]): Promise<string> {
  const name = `taizhang_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  cleanups.push(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return withDatabase(serverUrl, name);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function reportCleanupError(error: unknown): void {
  process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
}
