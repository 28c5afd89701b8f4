import { freePort, waitFor } from '#libs/local-services';
import { BENCH_AUTH_ENV, signInForBench } from './bench-sign-in.js';
import { startNode, stopChild, type Child } from './child-process.js';

export type ServerName = 'api' | 'apiIdentity' | 'apiNoMemo' | 'bare';

/**
 * `apiIdentity` is no server of its own: the `api` process, asked by a client that accepts no
 * compression (so the answers go out as they are, several times the bytes).
 */
export const SERVER_NAMES: readonly ServerName[] = ['api', 'apiIdentity', 'apiNoMemo', 'bare'];

/** What Chromium sends, as the dashboard's browsers do: the clients of the floors. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export interface ReadServer {
  name: ServerName;
  /** http://127.0.0.1:<port>/api */
  baseUrl: string;
  process: Child;
  /** Sent with every request: the API's sign-in (the bare server gets the same header and ignores it) and Accept-Encoding. */
  headers: Record<string, string>;
}

/** The built script and the extra environment of each server process. */
const SERVERS: Record<Exclude<ServerName, 'apiIdentity'>, { script: string; env: Record<string, string> }> = {
  /** The API as configured by default (its read-model memo on). */
  api: { script: 'dist/apps/api/src/main.js', env: {} },
  /** The API with its memo off: every request runs the SQL, as the bare server's do. */
  apiNoMemo: { script: 'dist/apps/api/src/main.js', env: { READ_MODEL_CACHE_ENTRIES: '0' } },
  bare: { script: 'dist/bench/bare-read-server.js', env: {} },
};

/**
 * The built API (twice: as configured, and with its read-model memo off) and the bare server, each a
 * child process of its own on a free port (so none shares an event loop with the load generator),
 * all ready to answer.
 */
export async function startReadServers(databaseUrl: string, redisUrl: string, queuePrefix: string): Promise<Record<ServerName, ReadServer>> {
  const started: ReadServer[] = [];
  try {
    for (const name of ['api', 'apiNoMemo', 'bare'] as const) {
      const port = await freePort();
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', QUEUE_PREFIX: queuePrefix, ...BENCH_AUTH_ENV };
      started.push({ name, baseUrl: `http://127.0.0.1:${port}/api`, process: startNode([SERVERS[name].script], { ...env, ...SERVERS[name].env }), headers: {} });
    }
    for (const server of started) await waitFor(() => healthy(server), 60_000, `the ${server.name} server`);
    const signedIn = await signInForBench(started[0].baseUrl);
    for (const server of started) server.headers = { ...signedIn, 'accept-encoding': BROWSER_ACCEPT_ENCODING };
    const [api, apiNoMemo, bare] = started;
    return { api, apiIdentity: { ...api, name: 'apiIdentity', headers: signedIn }, apiNoMemo, bare };
  } catch (error) {
    const output = started.map((s) => `${s.name} output:\n${s.process.output()}`).join('\n');
    await stopReadServers(started);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`, { cause: error });
  }
}

export async function stopReadServers(servers: Iterable<ReadServer>): Promise<void> {
  for (const server of servers) await stopChild(server.process.child); // apiIdentity's process is api's: stopped once
}

async function healthy(server: ReadServer): Promise<boolean> {
  const { child } = server.process;
  if (child.exitCode !== null) throw new Error(`the ${server.name} server exited with code ${child.exitCode}`);
  const response = await fetch(`${server.baseUrl}/health`);
  await response.arrayBuffer();
  return true; // any answer means it listens (the API's health is 503 without a worker, which the benchmark does not run)
}
