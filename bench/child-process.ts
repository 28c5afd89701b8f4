import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The repository root (the benchmarks run from dist/bench/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const OUTPUT_TAIL = 4000;

export interface Child {
  child: ChildProcess;
  /** The last few kB of the child's stdout and stderr, for error messages. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the child has exited. */
  exited: Promise<number | string>;
}

/**
 * A built script (path relative to the repository root, then its arguments) under this Node,
 * with extra environment variables. `onLine` sees each line it writes to stdout or stderr.
 */
export function startNode(args: string[], env: Record<string, string>, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let partial = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-OUTPUT_TAIL);
    if (!onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | string>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown'));
  });
  exited.catch(() => undefined); // a spawn failure also surfaces in the caller's own checks
  return { child, output: () => tail, exited };
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timeout);
}

export interface Memory {
  /** Resident set size now (VmRSS). */
  rssMb: number;
  /** The highest resident set size the process ever had (VmHWM, kept by the kernel). */
  hwmMb: number;
}

export async function memoryOf(child: ChildProcess): Promise<Memory> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return { rssMb: kbField(status, 'VmRSS', child.pid), hwmMb: kbField(status, 'VmHWM', child.pid) };
}

export async function rssMb(child: ChildProcess): Promise<number> {
  return (await memoryOf(child)).rssMb;
}

/** User plus system CPU time a process has used so far (Linux clock ticks of 1/100 s). */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const CLOCK_TICKS = 100;

export interface RssSampler {
  /** Stops sampling; returns the highest VmRSS sampled, the highest VmHWM seen and the CPU time at the last sample. */
  stop(): { peakRssMb: number; peakHwmMb: number; samples: number; cpuSeconds: number };
}

/** Samples /proc/<pid>/status (and stat) every `everyMs` until stopped (a sample of an exited child is skipped). */
export function startRssSampler(child: ChildProcess, everyMs: number): RssSampler {
  let peakRssMb = 0;
  let peakHwmMb = 0;
  let samples = 0;
  let cpuSeconds = 0;
  const sample = () =>
    Promise.all([memoryOf(child), cpuSecondsOf(child.pid ?? -1)]).then(
      ([m, cpu]) => {
        peakRssMb = Math.max(peakRssMb, m.rssMb);
        peakHwmMb = Math.max(peakHwmMb, m.hwmMb);
        cpuSeconds = Math.max(cpuSeconds, cpu);
        samples += 1;
      },
      () => undefined,
    );
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakRssMb, peakHwmMb, samples, cpuSeconds };
    },
  };
}

function kbField(status: string, field: string, pid: number | undefined): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]) / 1024;
}
