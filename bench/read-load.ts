import autocannon from 'autocannon';
import { median } from './append-throughput.js';
import { SERVER_NAMES, type ReadServer, type ServerName } from './read-servers.js';

export interface LoadSettings {
  /** Concurrent clients, each with one request in flight (keep-alive, no pipelining). */
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  rounds: number;
  /**
   * Waits until the work a run left behind is done (the slow servers' last queries keep PostgreSQL
   * busy after the clients stop), so that no run pays for the one before it.
   */
  settle: () => Promise<void>;
}

export interface LoadRun {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** The medians over the rounds, each figure on its own. */
export interface ServerFigures {
  runs: LoadRun[];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface EndpointLoad {
  endpoint: string;
  path: string;
  api: ServerFigures;
  apiIdentity: ServerFigures;
  apiNoMemo: ServerFigures;
  bare: ServerFigures;
  /** API requests/s over bare requests/s (medians). */
  ratio: number;
  /** The same for the API with its memo off. */
  noMemoRatio: number;
}

/**
 * One path under `connections` clients: a warm-up on each server, then `rounds` rounds in which the
 * servers take turns (API, API to a client without compression, API without memo, bare in odd
 * rounds; the reverse in even ones).
 * Every answer must be a 2xx: an error, a timeout or any other status fails the benchmark.
 */
export async function measureEndpoint(
  endpoint: { name: string; path: string },
  servers: Record<ServerName, ReadServer>,
  settings: LoadSettings,
  say: (line: string) => void,
): Promise<EndpointLoad> {
  for (const name of SERVER_NAMES) await fire(servers[name], endpoint.path, settings.connections, settings.warmUpSeconds);
  const runs: Record<ServerName, LoadRun[]> = { api: [], apiIdentity: [], apiNoMemo: [], bare: [] };
  for (let round = 1; round <= settings.rounds; round += 1) {
    const order = round % 2 === 1 ? [...SERVER_NAMES] : [...SERVER_NAMES].reverse();
    for (const name of order) {
      await settings.settle();
      const run = await fire(servers[name], endpoint.path, settings.connections, settings.seconds);
      runs[name].push(run);
      say(`  ${endpoint.name} round ${round} ${name}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`);
    }
  }
  const [api, apiIdentity, apiNoMemo, bare] = [figures(runs.api), figures(runs.apiIdentity), figures(runs.apiNoMemo), figures(runs.bare)];
  return {
    endpoint: endpoint.name,
    path: endpoint.path,
    api,
    apiIdentity,
    apiNoMemo,
    bare,
    ratio: api.requestsPerSecond / bare.requestsPerSecond,
    noMemoRatio: apiNoMemo.requestsPerSecond / bare.requestsPerSecond,
  };
}

/**
 * What this machine can do at all with the load generator on it: a no-SQL path (the bare server's
 * /api/health, a few bytes of JSON) under the same clients, once, after a warm-up.
 */
export async function measureCeiling(bare: ReadServer, settings: LoadSettings): Promise<LoadRun> {
  await fire(bare, '/health', settings.connections, settings.warmUpSeconds);
  await settings.settle();
  return fire(bare, '/health', settings.connections, settings.seconds);
}

async function fire(server: ReadServer, path: string, connections: number, seconds: number): Promise<LoadRun> {
  const url = `${server.baseUrl}${path}`;
  const result = await autocannon({ url, headers: server.headers, connections, duration: seconds, pipelining: 1, timeout: 10 });
  const requests = result.requests.total;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result['2xx'] !== requests || requests === 0) {
    throw new Error(
      `GET ${url} under load: ${requests} answers, ${result['2xx']} 2xx, ${result.non2xx} non-2xx ` +
        `(${JSON.stringify(result.statusCodeStats ?? {})}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { requests, requestsPerSecond: requests / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

function figures(runs: LoadRun[]): ServerFigures {
  return {
    runs,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
  };
}
