import type { ApiResult } from './api-memory.js';
import type { ThroughputResult } from './append-throughput.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  postgres: string;
}

export interface Floor {
  writers: number;
  minimumRatio: number;
  ratio: number;
  pass: boolean;
}

export function throughputTable(results: ThroughputResult[]): string {
  const rows = results.map((r) => [String(r.writers), rate(r.storeMedian), rate(r.plainMedian), r.ratio.toFixed(2)]);
  return table(['writers', 'store ev/s', 'plain ev/s', 'ratio'], rows);
}

export function roundsLine(r: ThroughputResult): string {
  const list = (values: number[]) => values.map(rate).join(' / ');
  return `${r.writers} writers, ${r.events} events per measurement: store ${list(r.store)}; plain ${list(r.plain)}`;
}

export function floorLine(floor: Floor): string {
  return `${floor.pass ? 'PASS' : 'FAIL'}: store/plain at ${floor.writers} writers is ${floor.ratio.toFixed(2)} (floor ${floor.minimumRatio})`;
}

export function apiLines(api: ApiResult): string[] {
  return [
    `API: ${api.requests} commands (${api.clients} clients, a new project every ${api.requestsPerProject} requests)`,
    `API RSS: idle ${mb(api.idleRssMb)}, peak under load ${mb(api.peakRssMb)}, after load ${mb(api.endRssMb)}`,
    `API throughput: ${api.requestsPerSecond.toFixed(0)} requests/s, latency p50 ${api.p50Ms.toFixed(1)} ms, p99 ${api.p99Ms.toFixed(1)} ms`,
  ];
}

export function machineLine(machine: Machine): string {
  return `machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, PostgreSQL ${machine.postgres}`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function mb(value: number): string {
  return `${value.toFixed(1)} MB`;
}
