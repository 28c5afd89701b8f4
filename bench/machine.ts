import { cpus } from 'node:os';
import pg from 'pg';
import type { Machine } from './report.js';

/** CPUs, Node and the PostgreSQL server the benchmark runs on. */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version');
    return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, postgres: rows[0].server_version };
  } finally {
    await client.end();
  }
}
