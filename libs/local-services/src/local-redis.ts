import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from './free-port.js';
import { ownChild } from './owned-child.js';
import type { RunningService } from './local-postgres.js';

export interface LocalRedisOptions {
  port: number;
  /** The server binary; found on PATH by default. */
  command?: string;
  /** With a data folder Redis keeps an append-only file there; without one it keeps nothing. */
  dataDir?: string;
}

export const REDIS_INSTALL_HINT =
  'redis-server was not found on PATH. Install it, then run the command again:\n' +
  '  Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
  '  macOS:         brew install redis\n' +
  'or point REDIS_URL at a running Redis.';

export function redisServerAvailable(command = 'redis-server'): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `redis-server` from PATH, bound to loopback, configured as BullMQ needs it (noeviction). */
export async function startLocalRedis(options: LocalRedisOptions): Promise<RunningService> {
  const command = options.command ?? 'redis-server';
  if (!redisServerAvailable(command)) throw new Error(REDIS_INSTALL_HINT);
  const persistence = options.dataDir
    ? ['--dir', mkdirAndResolve(options.dataDir), '--appendonly', 'yes', '--save', '']
    : ['--appendonly', 'no', '--save', ''];
  const child = spawn(
    command,
    ['--port', String(options.port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction', ...persistence],
    { stdio: 'ignore' },
  );
  const stop = ownChild(child);
  const url = `redis://127.0.0.1:${options.port}`;
  await waitFor(() => ping(url), 10_000, `redis-server on port ${options.port}`);
  return { url, stop };
}

function mkdirAndResolve(dir: string): string {
  const path = resolve(dir);
  mkdirSync(path, { recursive: true });
  return path;
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
