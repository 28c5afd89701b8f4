import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { freePort, waitFor } from '#libs/local-services';
import { median } from './append-throughput.js';
import { rssMb, startNode, startRssSampler, stopChild } from './child-process.js';
import { BENCH_AUTH_ENV, signInForBench } from './bench-sign-in.js';

export interface ApiLoad {
  clients: number;
  requestsPerClient: number;
  /** Requests on one project (its registration included) before a client registers the next. */
  requestsPerProject: number;
}

export interface ApiResult extends ApiLoad {
  requests: number;
  idleRssMb: number;
  peakRssMb: number;
  endRssMb: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const MAIN = 'dist/apps/api/src/main.js';
const IDLE_SAMPLES = 10;
const SAMPLE_MS = 100;

const REGISTRATION = {
  name: '来安县第二中学',
  county: 'laian',
  category: 'education',
  subType: '高中',
  action: '新建',
  plan: '滁州市“十四五”公共服务规划',
  sourceRef: '专栏4：新建来安县第二中学',
  plannedStart: '2023-01-01',
  plannedCompletion: '2026-12-31',
  managerEmail: 'bench@laian.gov.cn',
};

/** The built API as a child process under command load over HTTP, its RSS sampled from /proc. */
export async function measureApi(databaseUrl: string, redisUrl: string, load: ApiLoad): Promise<ApiResult> {
  const port = await freePort();
  const api = startApi(databaseUrl, redisUrl, port);
  try {
    const baseUrl = `http://127.0.0.1:${port}/api`;
    await waitFor(() => answers(`${baseUrl}/health`, api.child), 30_000, 'the API');
    const signedIn = await signInForBench(baseUrl);
    const idle = await sampleRss(api.child, IDLE_SAMPLES);
    const sampler = startRssSampler(api.child, SAMPLE_MS);
    const started = performance.now();
    const latencies = (await Promise.all(Array.from({ length: load.clients }, (_, c) => client(baseUrl, signedIn, c, load)))).flat();
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.stop().peakRssMb;
    const end = await rssMb(api.child);
    return {
      ...load,
      requests: latencies.length,
      idleRssMb: median(idle),
      peakRssMb: Math.max(peak, end),
      endRssMb: end,
      requestsPerSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nAPI output:\n${api.output()}`, { cause: error });
  } finally {
    await stopChild(api.child);
  }
}

function startApi(databaseUrl: string, redisUrl: string, port: number) {
  return startNode([MAIN], { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: String(port), HOST: '127.0.0.1', ...BENCH_AUTH_ENV });
}

async function answers(url: string, child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
  await fetch(url);
  return true;
}

/** One client: registers a project, plans milestones m_1, m_2 … on it, each with If-Match of the last version. */
async function client(baseUrl: string, signedIn: Record<string, string>, clientIndex: number, load: ApiLoad): Promise<number[]> {
  const latencies: number[] = [];
  let projectId = '';
  let version = 0;
  for (let i = 0; i < load.requestsPerClient; i += 1) {
    const step = i % load.requestsPerProject;
    const started = performance.now();
    const reply =
      step === 0
        ? await post(`${baseUrl}/projects`, signedIn, REGISTRATION)
        : await post(`${baseUrl}/projects/${projectId}/milestones`, signedIn, { key: `m_${step}`, title: `里程碑 ${step}`, dueDate: '2026-12-31' }, version);
    latencies.push(performance.now() - started);
    projectId = reply.id;
    version = reply.version;
  }
  if (latencies.length === 0) throw new Error(`client ${clientIndex} sent nothing`);
  return latencies;
}

async function post(url: string, signedIn: Record<string, string>, body: unknown, ifMatch?: number): Promise<{ id: string; version: number }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...signedIn };
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function sampleRss(child: ChildProcess, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    samples.push(await rssMb(child));
  }
  return samples;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
