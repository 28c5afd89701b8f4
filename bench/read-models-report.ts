import type { AsOfResult, Timings } from './as-of-latency.js';
import type { ExplainedQuery } from './explain-reads.js';
import type { LogFacts, LogScan } from './log-scan.js';
import type { EndpointLoad, LoadRun, LoadSettings } from './read-load.js';
import { BROWSER_ACCEPT_ENCODING, SERVER_NAMES, type ServerName } from './read-servers.js';
import type { RebuildResult } from './rebuild.js';
import { rate, table, type Machine } from './report.js';
import type { SeedResult } from './synthetic-portfolio.js';

export interface Check {
  measure: string;
  /** The figure measured, formatted. */
  value: string;
  /** What it is compared with, formatted. */
  baseline: string;
  ratio: number | null;
  /** The floor (or the aim), formatted. */
  floor: string;
  pass: boolean;
  /** An aim is reported, but does not decide the exit code. */
  aim: boolean;
}

export interface ReadModelsResults {
  measuredAt: string;
  commit: string | null;
  machine: Machine;
  seed: SeedResult;
  log: LogFacts;
  scans: LogScan[];
  rawEventsPerSecond: number;
  rebuild: RebuildResult;
  settleSeconds: number;
  load: Omit<LoadSettings, 'settle'> & {
    county: string;
    listTotal: number;
    countiesBytes: number;
    listBytes: number;
    countiesWireBytes: number;
    listWireBytes: number;
  };
  reads: EndpointLoad[];
  ceiling: LoadRun;
  asOf: AsOfResult;
  checks: Check[];
  explain: ExplainedQuery[];
}

export const FLOORS = { rebuildRatio: 0.2, readRatio: 0.5, apiP99Ms: 20, asOfAimMs: 1000 };

export function checksOf(raw: number, rebuild: RebuildResult, reads: EndpointLoad[], asOf: AsOfResult): Check[] {
  const ratio = rebuild.eventsPerSecond / raw;
  const checks: Check[] = [
    {
      measure: '(a) full rebuild vs raw log scan, events/s',
      value: rate(rebuild.eventsPerSecond),
      baseline: rate(raw),
      ratio,
      floor: `≥ ${FLOORS.rebuildRatio}×`,
      pass: ratio >= FLOORS.rebuildRatio,
      aim: false,
    },
  ];
  for (const read of reads) {
    checks.push(
      {
        measure: `(b) ${read.endpoint}, requests/s API vs bare`,
        value: rate(read.api.requestsPerSecond),
        baseline: rate(read.bare.requestsPerSecond),
        ratio: read.ratio,
        floor: `≥ ${FLOORS.readRatio}×`,
        pass: read.ratio >= FLOORS.readRatio,
        aim: false,
      },
      {
        measure: `(b) ${read.endpoint}, requests/s API with memo off vs bare`,
        value: rate(read.apiNoMemo.requestsPerSecond),
        baseline: rate(read.bare.requestsPerSecond),
        ratio: read.noMemoRatio,
        floor: `≥ ${FLOORS.readRatio}× (info)`,
        pass: read.noMemoRatio >= FLOORS.readRatio,
        aim: true,
      },
      {
        measure: `(b) ${read.endpoint}, API p99 (bare p99)`,
        value: ms(read.api.p99Ms),
        baseline: ms(read.bare.p99Ms),
        ratio: null,
        floor: `< ${FLOORS.apiP99Ms} ms`,
        pass: read.api.p99Ms < FLOORS.apiP99Ms,
        aim: false,
      },
      {
        measure: `(b) ${read.endpoint}, API p99 to a client without compression`,
        value: ms(read.apiIdentity.p99Ms),
        baseline: '',
        ratio: null,
        floor: `< ${FLOORS.apiP99Ms} ms (info)`,
        pass: read.apiIdentity.p99Ms < FLOORS.apiP99Ms,
        aim: true,
      },
    );
  }
  checks.push({
    measure: '(c) asOf county view over HTTP (memo off), median (max); direct call',
    value: `${ms(asOf.http.medianMs)} (${ms(asOf.http.maxMs)})`,
    baseline: ms(asOf.direct.medianMs),
    ratio: null,
    floor: `< ${FLOORS.asOfAimMs} ms (aim)`,
    pass: asOf.http.maxMs < FLOORS.asOfAimMs,
    aim: true,
  });
  return checks;
}

export function checksTable(checks: Check[]): string {
  return table(
    ['measure', 'measured', 'baseline', 'ratio', 'floor', 'verdict'],
    checks.map((c) => [c.measure, c.value, c.baseline, c.ratio === null ? '' : c.ratio.toFixed(2), c.floor, verdict(c)]),
  );
}

export function readsTable(reads: EndpointLoad[]): string {
  const rows = reads.flatMap((read) =>
    SERVER_NAMES.map((name) => {
      const f = read[name];
      return [`${read.endpoint} ${SERVER_LABELS[name]}`, rate(f.requestsPerSecond), ms(f.p50Ms), ms(f.p99Ms), f.runs.map((r) => rate(r.requestsPerSecond)).join(' / ')];
    }),
  );
  return table(['endpoint, server', 'req/s', 'p50', 'p99', 'req/s by round'], rows);
}

const SERVER_LABELS: Record<ServerName, string> = { api: 'API', apiIdentity: 'API, no compression', apiNoMemo: 'API, memo off', bare: 'bare' };

export function detailLines(r: ReadModelsResults): string[] {
  const { seed, log, rebuild, asOf, load } = r;
  return [
    `portfolio: ${seed.projects.toLocaleString('en-US')} projects (seed ${seed.seed}, histories to ${seed.today}), ${log.events.toLocaleString('en-US')} events, ` +
      `events table ${mb(log.sizeMb)} with indexes; seeded in ${seed.seconds.toFixed(1)} s (${rate(seed.eventsPerSecond)} events/s)`,
    `raw log scan (pg-cursor, one connection): ${r.scans.map((s) => `${rate(s.eventsPerSecond)} ev/s in ${s.seconds.toFixed(1)} s`).join('; ')}; baseline = the fastest`,
    `rebuild: \`${rebuild.command}\`${rebuild.batchSize === null ? '' : `, batch ${rebuild.batchSize}`}: ${rebuild.events.toLocaleString('en-US')} events in ${rebuild.seconds.toFixed(1)} s ` +
      `(wall time of the child) = ${rate(rebuild.eventsPerSecond)} ev/s`,
    `rebuild worker memory: peak RSS ${mb(rebuild.peakRssMb)} sampled every 100 ms (${rebuild.samples} samples), VmHWM ${mb(rebuild.peakHwmMb)}; the log is ${mb(log.sizeMb)}`,
    `rebuild CPU: worker ${rebuild.cpuSeconds.toFixed(1)} s, its PostgreSQL backends ${rebuild.backendCpuSeconds === null ? 'not measured' : `${rebuild.backendCpuSeconds.toFixed(1)} s`}, ` +
      `in ${rebuild.seconds.toFixed(1)} s of wall time`,
    `read models settled (VACUUM ANALYZE, CHECKPOINT) in ${r.settleSeconds.toFixed(1)} s`,
    `load: ${load.connections} connections, ${load.seconds} s per measurement after ${load.warmUpSeconds} s warm-up per server, ${load.rounds} rounds, API and bare alternating; ` +
      `list county ${load.county} (${load.listTotal} overdue projects, page of 50); answers ${load.countiesBytes} B and ${load.listBytes} B of JSON, ` +
      `${load.countiesWireBytes} B and ${load.listWireBytes} B compressed to the clients of the floors (Accept-Encoding: ${BROWSER_ACCEPT_ENCODING})`,
    `ceiling: the bare server's /api/health (no SQL) under the same ${load.connections} clients: ${rate(r.ceiling.requestsPerSecond)} req/s, ` +
      `p50 ${ms(r.ceiling.p50Ms)}, p99 ${ms(r.ceiling.p99Ms)} (by Little's law, p99 < ${FLOORS.apiP99Ms} ms at ${load.connections} clients needs well over ` +
      `${rate((load.connections * 1000) / FLOORS.apiP99Ms)} req/s)`,
    `asOf ${asOf.day}: sums ${asOf.changesRows.toLocaleString('en-US')} county_calendar_changes rows and reads ${asOf.historyRows.toLocaleString('en-US')} project_summary_history rows; ` +
      `direct ${timings(asOf.direct)}; HTTP (API, memo off) ${timings(asOf.http)}`,
  ];
}

export function verdictLines(checks: Check[]): string[] {
  return checks.map((c) => `${verdict(c)}: ${c.measure}: ${c.ratio === null ? c.value : `${c.ratio.toFixed(2)}×`} (${c.aim ? '' : 'floor '}${c.floor})`);
}

export function explainLines(explained: ExplainedQuery[]): string[] {
  return explained.flatMap((e) => [`--- ${e.read}: ${e.executionMs.toFixed(1)} ms`, e.sql, `values: ${JSON.stringify(e.values)}`, e.plan, '']);
}

function verdict(check: Check): string {
  if (check.aim) return check.pass ? 'MET' : 'MISSED';
  return check.pass ? 'PASS' : 'FAIL';
}

function timings(t: Timings): string {
  return `${t.runsMs.map((v) => v.toFixed(0)).join(' / ')} ms (median ${ms(t.medianMs)}, max ${ms(t.maxMs)})`;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function mb(value: number): string {
  return `${value.toFixed(0)} MB`;
}
