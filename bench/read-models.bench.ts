import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Environment } from '#libs/config';
import { systemClock, today, type CountySlug } from '#libs/portfolio';
import { measureAsOf } from './as-of-latency.js';
import { explainReads } from './explain-reads.js';
import { logFacts, scanLog, type LogScan } from './log-scan.js';
import { untilDatabaseIdle } from './database-idle.js';
import { describeMachine } from './machine.js';
import { measureCeiling, measureEndpoint, type EndpointLoad, type LoadSettings } from './read-load.js';
import { checksOf, checksTable, detailLines, explainLines, readsTable, verdictLines, type ReadModelsResults } from './read-models-report.js';
import { startReadServers, stopReadServers } from './read-servers.js';
import { REBUILD_COMMANDS, measureRebuild, settleReadModels, type RebuildCommand } from './rebuild.js';
import { ROOT } from './child-process.js';
import { machineLine } from './report.js';
import { expectSameAnswers, type Answer } from './same-answers.js';
import { startServices, type BenchServices } from './services.js';
import { seedPortfolio } from './synthetic-portfolio.js';
import { runBenchmark, say } from './entry.js';

const SEED = 1;
/** The last business date of the synthetic histories, fixed so every run seeds the same portfolio. */
const SEED_TODAY = '2025-12-31';
/** Rows per read of the raw scan's cursor. */
const SCAN_BATCH = 5000;
const AS_OF_RUNS = 7;
const QUEUE_PREFIX = '{bench_read_models}';
const RESULTS_FILE = fileURLToPath(new URL('../bench-read-models.json', import.meta.url));

interface Config {
  /** Projects in the synthetic portfolio (about 15.7 events each). */
  projects: number;
  /** Which rebuild to time, and the stand-in's batch size (the projection worker's runner uses 500). */
  rebuild: { command: RebuildCommand; batchSize: number };
  load: Omit<LoadSettings, 'settle'>;
}

function configFromEnvironment(): Config {
  return {
    projects: wholeNumber('BENCH_PROJECTS', 100_000),
    rebuild: { command: rebuildCommand(process.env.BENCH_REBUILD ?? 'cli'), batchSize: wholeNumber('BENCH_REBUILD_BATCH', 2000) },
    load: { connections: 50, seconds: wholeNumber('BENCH_LOAD_SECONDS', 10), warmUpSeconds: 2, rounds: 3 },
  };
}

async function main(): Promise<number> {
  const config = configFromEnvironment();
  const services = await startServices();
  const stopOnSignal = () => void services.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    return await run(services, config);
  } finally {
    await services.stop();
  }
}

async function run(services: BenchServices, config: Config): Promise<number> {
  const { databaseUrl } = services;
  const machine = await describeMachine(databaseUrl);
  say(machineLine(machine));
  const settings = new Environment();
  const rag = { redDays: settings.RAG_RED_DAYS, amberDays: settings.RAG_AMBER_DAYS };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: settings.DATABASE_POOL_SIZE, application_name: 'taizhang-bench' });
  try {
    say(`seeding ${config.projects} synthetic projects (seed ${SEED}, histories to ${SEED_TODAY})`);
    const seed = await seedPortfolio(databaseUrl, { projects: config.projects, seed: SEED, today: SEED_TODAY }, (p) =>
      say(`  ${p.projects} projects, ${p.events} events, ${p.seconds.toFixed(1)} s`),
    );
    // What autovacuum does after a load this size anyway; done now, it does not run during the measurements.
    const vacuumStarted = performance.now();
    await pool.query('VACUUM (ANALYZE) events, commands');
    say(`log vacuumed in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const log = await logFacts(pool);
    if (log.events !== seed.events) throw new Error(`the seeding reported ${seed.events} events, the log holds ${log.events}`);
    say(`log: ${log.events} events, ${log.sizeMb.toFixed(0)} MB; raw scans, then the rebuild, then one more raw scan`);

    const scans: LogScan[] = [];
    const scan = async () => {
      scans.push(await scanLog(databaseUrl, SCAN_BATCH));
      const last = scans[scans.length - 1];
      if (last.events !== log.events) throw new Error(`the raw scan read ${last.events} events of ${log.events}`);
      say(`  raw scan: ${Math.round(last.eventsPerSecond)} ev/s in ${last.seconds.toFixed(1)} s`);
    };
    await scan();
    await scan();
    const rebuild = await measureRebuild(pool, databaseUrl, log, config.rebuild, say);
    say(`  rebuild: ${Math.round(rebuild.eventsPerSecond)} ev/s in ${rebuild.seconds.toFixed(1)} s, peak RSS ${rebuild.peakRssMb.toFixed(0)} MB`);
    await scan();
    const rawEventsPerSecond = Math.max(...scans.map((s) => s.eventsPerSecond));
    const settleSeconds = await settleReadModels(pool);

    const county = await busiestCounty(pool);
    const { answers, reads, ceiling, asOf } = await measureReads(services, pool, county, config.load);
    const explain = await explainReads(pool, { today: today(systemClock), asOf: asOf.day, county, rag });

    const checks = checksOf(rawEventsPerSecond, rebuild, reads, asOf);
    const results: ReadModelsResults = {
      measuredAt: new Date().toISOString(),
      commit: sourceVersion(),
      machine,
      seed,
      log,
      scans,
      rawEventsPerSecond,
      rebuild,
      settleSeconds,
      load: {
        ...config.load,
        county,
        listTotal: listTotal(answers[1]),
        countiesBytes: answers[0].bytes,
        listBytes: answers[1].bytes,
        countiesWireBytes: answers[0].wireBytes,
        listWireBytes: answers[1].wireBytes,
      },
      reads,
      ceiling,
      asOf,
      checks,
      explain,
    };
    if (process.env.BENCH_EXPLAIN === '1') say('', ...explainLines(explain));
    say('', ...detailLines(results), '', readsTable(reads), '', checksTable(checks), '', ...verdictLines(checks), `${machineLine(machine)}; sources ${results.commit ?? 'unknown'}`);
    await saveResults(results);
    return checks.every((c) => c.aim || c.pass) ? 0 : 1;
  } finally {
    await pool.end();
  }
}

/**
 * The API (memo on and off) and the bare server side by side: first the same answer from each, then
 * each path under load, then the machine's ceiling (a path without SQL), then the asOf view on the
 * API with its memo off (while it is up).
 */
async function measureReads(services: BenchServices, pool: pg.Pool, county: CountySlug, settings: Omit<LoadSettings, 'settle'>) {
  const load: LoadSettings = { ...settings, settle: () => untilDatabaseIdle(pool) };
  const endpoints = [
    { name: 'GET /api/counties', path: '/counties' },
    { name: `GET /api/projects?county=${county}&overdue=true`, path: `/projects?county=${county}&overdue=true` },
  ];
  const servers = await startReadServers(services.databaseUrl, services.redisUrl, QUEUE_PREFIX);
  try {
    const answers = await Promise.all(endpoints.map((e) => expectSameAnswers(e.path, servers.bare, [servers.api, servers.apiIdentity, servers.apiNoMemo])));
    if (!(listTotal(answers[1]) > 0)) throw new Error(`${endpoints[1].name} lists no project: there would be nothing to measure`);
    const reads: EndpointLoad[] = [];
    for (const endpoint of endpoints) {
      say(`load: ${endpoint.name}`);
      reads.push(await measureEndpoint(endpoint, servers, load, say));
    }
    const ceiling = await measureCeiling(servers.bare, load);
    const asOf = await measureAsOf(pool, servers.apiNoMemo, today(systemClock), AS_OF_RUNS);
    return { answers, reads, ceiling, asOf };
  } catch (error) {
    const output = Object.values(servers).map((s) => `${s.name} output:\n${s.process.output()}`);
    throw new Error([error instanceof Error ? error.message : String(error), ...output].join('\n'), { cause: error });
  } finally {
    await stopReadServers(Object.values(servers));
  }
}

function listTotal(answer: Answer): number {
  return (answer.body as { total: number }).total;
}

/** The county with the most projects: its overdue list is the longest to judge and sort. */
async function busiestCounty(pool: pg.Pool): Promise<CountySlug> {
  const { rows } = await pool.query('SELECT county FROM project_summaries GROUP BY county ORDER BY count(*) DESC, county LIMIT 1');
  if (rows.length === 0) throw new Error('the read models hold no project');
  return rows[0].county;
}

/** The commit the sources are at (`-dirty` when the working tree has changes), if git can tell. */
function sourceVersion(): string | null {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function saveResults(results: ReadModelsResults): Promise<void> {
  await mkdir(dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  say(`results: ${RESULTS_FILE}`);
}

function rebuildCommand(name: string): RebuildCommand {
  if (name in REBUILD_COMMANDS) return name as RebuildCommand;
  throw new Error(`BENCH_REBUILD must be one of ${Object.keys(REBUILD_COMMANDS).join(', ')}, got "${name}"`);
}

function wholeNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got "${text}"`);
  return value;
}

runBenchmark(main);
