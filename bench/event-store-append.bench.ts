import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureApi, type ApiLoad, type ApiResult } from './api-memory.js';
import { measureThroughput, type ThroughputResult, type Workload } from './append-throughput.js';
import { describeMachine } from './machine.js';
import { apiLines, floorLine, machineLine, roundsLine, throughputTable, type Floor, type Machine } from './report.js';
import { startServices, type BenchServices } from './services.js';
import { runBenchmark, say } from './entry.js';

const WORKLOADS: Workload[] = [
  { writers: 1, events: 4_000 },
  { writers: 8, events: 12_000 },
  { writers: 32, events: 12_000 },
];
const ROUNDS = 3;
const FLOOR = { writers: 8, minimumRatio: 0.7 };
const API_LOAD: ApiLoad = { clients: 8, requestsPerClient: 250, requestsPerProject: 50 };
const RESULTS_FILE = fileURLToPath(new URL('../bench-results.json', import.meta.url));

async function main(): Promise<number> {
  const services = await startServices();
  const stopOnSignal = () => void services.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    return await run(services);
  } finally {
    await services.stop();
  }
}

async function run(services: BenchServices): Promise<number> {
  const machine = await describeMachine(services.databaseUrl);
  say(machineLine(machine));
  const throughput: ThroughputResult[] = [];
  for (const workload of WORKLOADS) {
    throughput.push(await measureThroughput(services.databaseUrl, workload, ROUNDS));
    say(roundsLine(throughput.at(-1)!));
  }
  const floor = checkFloor(throughput);
  const api = await measureApi(services.databaseUrl, services.redisUrl, API_LOAD);
  say('', throughputTable(throughput), '', floorLine(floor), '', ...apiLines(api), machineLine(machine));
  await saveResults(machine, throughput, floor, api);
  return floor.pass ? 0 : 1;
}

function checkFloor(results: ThroughputResult[]): Floor {
  const result = results.find((r) => r.writers === FLOOR.writers);
  if (!result) throw new Error(`no measurement at ${FLOOR.writers} writers`);
  return { ...FLOOR, ratio: result.ratio, pass: result.ratio >= FLOOR.minimumRatio };
}

async function saveResults(machine: Machine, throughput: ThroughputResult[], floor: Floor, api: ApiResult): Promise<void> {
  await mkdir(dirname(RESULTS_FILE), { recursive: true });
  const results = { measuredAt: new Date().toISOString(), machine, rounds: ROUNDS, throughput, floor, api };
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  say(`results: ${RESULTS_FILE}`);
}

runBenchmark(main);
