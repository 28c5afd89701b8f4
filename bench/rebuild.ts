import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { PORTFOLIO_PROJECTION, PORTFOLIO_TABLE_NAMES, readCheckpoint } from '#libs/projections';
import { cpuSecondsOf, startNode, startRssSampler } from './child-process.js';
import type { LogFacts } from './log-scan.js';

/**
 * The rebuilds the benchmark can time, each a child process (a built script relative to the
 * repository root, and its arguments): the launcher's `projections:rebuild` (online, into fresh
 * tables that are then swapped in), or the stand-in used before that existed (the ProjectionRunner
 * catching up from position zero on the emptied live tables).
 */
export const REBUILD_COMMANDS = {
  cli: ['dist/apps/launcher/src/projections-cli.js', 'rebuild', PORTFOLIO_PROJECTION],
  'stand-in': ['dist/bench/rebuild-worker.js', PORTFOLIO_PROJECTION],
} as const;

export type RebuildCommand = keyof typeof REBUILD_COMMANDS;

/** What the CLI prints when it is done. */
const CLI_REPORT = /rebuilt from (\d+) events in ([\d.]+) s/;

const SAMPLE_MS = 100;

export interface RebuildResult {
  command: string;
  /** The stand-in's batch size (the CLI uses its own default). */
  batchSize: number | null;
  events: number;
  /** Wall time of the child, from spawn to exit (its start-up included). */
  seconds: number;
  eventsPerSecond: number;
  /** What the child said about itself (the stand-in's JSON line, the CLI's last line), if it did. */
  reported: Record<string, unknown> | null;
  /** Highest VmRSS of the child sampled every 100 ms. */
  peakRssMb: number;
  /** Highest VmHWM (the kernel's own peak RSS) of the child seen by the last sample. */
  peakHwmMb: number;
  samples: number;
  /** CPU time of the child (user + system) by its last sample. */
  cpuSeconds: number;
  /** CPU time of the child's PostgreSQL backends by their last sample (null when the server is not on this machine). */
  backendCpuSeconds: number | null;
}

/**
 * Empties the projection's tables and removes its checkpoint, then runs the rebuild command and
 * waits for it, sampling its memory. Afterwards the live checkpoint must stand at the last event of the log.
 */
export async function measureRebuild(
  pool: pg.Pool,
  databaseUrl: string,
  log: LogFacts,
  rebuild: { command: RebuildCommand; batchSize: number },
  say: (line: string) => void,
): Promise<RebuildResult> {
  const command = REBUILD_COMMANDS[rebuild.command];
  await resetProjection(pool);
  let reported: Record<string, unknown> | null = null;
  const onLine = (line: string) => {
    const cli = CLI_REPORT.exec(line);
    if (cli) reported = { events: Number(cli[1]), seconds: Number(cli[2]) };
    if (line.startsWith('{')) reported = parseJson(line) ?? reported;
    else if (line.trim() !== '') say(`  child: ${line}`);
  };
  const env = { DATABASE_URL: databaseUrl, REBUILD_BATCH_SIZE: String(rebuild.batchSize), NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const started = performance.now();
  const child = startNode([...command], env, onLine);
  const sampler = startRssSampler(child.child, SAMPLE_MS);
  const backends = startBackendCpuTracker(pool, REBUILD_APPLICATIONS);
  let code: number | string;
  try {
    code = await child.exited;
  } finally {
    sampler.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = sampler.stop();
  const backendCpuSeconds = await backends.stop();
  if (code !== 0) throw new Error(`the rebuild (${command.join(' ')}) exited with ${code}:\n${child.output()}`);
  await expectCaughtUp(pool, log);
  return {
    command: command.join(' '),
    batchSize: rebuild.command === 'stand-in' ? rebuild.batchSize : null,
    events: log.events,
    seconds,
    eventsPerSecond: log.events / seconds,
    reported,
    ...memory,
    backendCpuSeconds,
  };
}

/** The application names the rebuilds' pools connect with. */
const REBUILD_APPLICATIONS = ['taizhang-projections-rebuild', 'taizhang-bench-rebuild'];

/**
 * Adds up the CPU time of the server backends serving the rebuild: every 250 ms it looks them up
 * in pg_stat_activity and reads their /proc/<pid>/stat (which works when PostgreSQL runs here).
 */
function startBackendCpuTracker(pool: pg.Pool, applications: string[]): { stop(): Promise<number | null> } {
  const cpuByPid = new Map<number, number>();
  let local = true;
  const sample = async () => {
    const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = ANY($1)', [applications]);
    for (const { pid } of rows as { pid: number }[]) {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (!comm.startsWith('postgres')) {
        local = false;
        continue;
      }
      const cpu = await cpuSecondsOf(pid).catch(() => 0);
      cpuByPid.set(pid, Math.max(cpuByPid.get(pid) ?? 0, cpu));
    }
  };
  let running = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(sample).catch(() => undefined);
  }, 250);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      return local && cpuByPid.size > 0 ? [...cpuByPid.values()].reduce((a, b) => a + b, 0) : null;
    },
  };
}

async function resetProjection(pool: pg.Pool): Promise<void> {
  await pool.query(`TRUNCATE ${Object.values(PORTFOLIO_TABLE_NAMES).join(', ')}`);
  await pool.query('DELETE FROM projection_checkpoints WHERE projection = $1', [PORTFOLIO_PROJECTION]);
}

async function expectCaughtUp(pool: pg.Pool, log: LogFacts): Promise<void> {
  const checkpoint = await readCheckpoint(pool, PORTFOLIO_PROJECTION);
  if (!log.last || checkpoint.transactionId !== log.last.transactionId || checkpoint.position !== log.last.position) {
    throw new Error(`after the rebuild the checkpoint is at ${checkpoint.transactionId}/${checkpoint.position}, the log ends at ${JSON.stringify(log.last)}`);
  }
}

/**
 * What autovacuum does to freshly written tables soon after a rebuild: statistics for the planner
 * and the visibility map for index-only scans. The read measurements run on settled tables.
 */
export async function settleReadModels(pool: pg.Pool): Promise<number> {
  const started = performance.now();
  await pool.query(`VACUUM (ANALYZE) ${Object.values(PORTFOLIO_TABLE_NAMES).join(', ')}`);
  // The rebuild dirtied about a gigabyte of pages; without this the checkpointer writes them out, spread
  // over minutes, during the first load measurements. (A role without pg_checkpoint may not: then it does.)
  await pool.query('CHECKPOINT').catch((error: { code?: string }) => {
    if (error.code !== '42501') throw error;
  });
  return (performance.now() - started) / 1000;
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
