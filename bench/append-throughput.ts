import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { EventStore, type EventMetadata } from '#libs/event-store';

export type Variant = 'store' | 'plain';

export interface Workload {
  writers: number;
  events: number;
}

export interface ThroughputResult extends Workload {
  store: number[];
  plain: number[];
  storeMedian: number;
  plainMedian: number;
  ratio: number;
}

/** Events per stream before a writer moves on to a fresh stream of its own. */
const STREAM_LENGTH = 50;
/** Warm-up before the rounds, per variant, as a share of one measurement's events. */
const WARM_UP_SHARE = 0.1;
const EVENT_TYPE = 'milestone.planned';
const PLAIN_INSERT = `INSERT INTO events (stream_id, version, type, schema_version, data, metadata)
                      VALUES ($1, $2, $3, $4, $5, $6)`;

type AppendOne = (streamId: string, version: number, index: number) => Promise<unknown>;

/** Store and plain insert through one pool sized to the writers, alternated over the rounds. */
export async function measureThroughput(databaseUrl: string, workload: Workload, rounds: number): Promise<ThroughputResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: workload.writers, application_name: 'taizhang-bench' });
  try {
    const appenders = { store: storeAppender(pool), plain: plainAppender(pool) };
    const warmUpPerWriter = Math.ceil((workload.events * WARM_UP_SHARE) / workload.writers);
    for (const variant of ['store', 'plain'] as const) {
      await runWriters(appenders[variant], `warm-${variant}-${workload.writers}`, workload.writers, warmUpPerWriter);
    }
    const rates: Record<Variant, number[]> = { store: [], plain: [] };
    for (let round = 1; round <= rounds; round += 1) {
      const order: Variant[] = round % 2 === 1 ? ['store', 'plain'] : ['plain', 'store'];
      for (const variant of order) {
        rates[variant].push(await measureOnce(pool, appenders[variant], `${variant}-${workload.writers}-r${round}`, workload));
      }
    }
    const storeMedian = median(rates.store);
    const plainMedian = median(rates.plain);
    return { ...workload, ...rates, storeMedian, plainMedian, ratio: storeMedian / plainMedian };
  } finally {
    await pool.end();
  }
}

async function measureOnce(pool: pg.Pool, append: AppendOne, prefix: string, workload: Workload): Promise<number> {
  const perWriter = Math.ceil(workload.events / workload.writers);
  const started = performance.now();
  await runWriters(append, prefix, workload.writers, perWriter);
  const seconds = (performance.now() - started) / 1000;
  await expectRows(pool, prefix, perWriter * workload.writers);
  return (perWriter * workload.writers) / seconds;
}

/** Every writer appends one event per call to streams of its own, tracking each stream's version. */
async function runWriters(append: AppendOne, prefix: string, writers: number, perWriter: number): Promise<void> {
  const writer = async (w: number) => {
    for (let i = 0; i < perWriter; i += 1) {
      await append(`bench-${prefix}-w${w}-s${Math.floor(i / STREAM_LENGTH)}`, i % STREAM_LENGTH, i);
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
}

function storeAppender(pool: pg.Pool): AppendOne {
  const store = new EventStore(pool);
  return (streamId, version, index) =>
    store.append(streamId, version === 0 ? 'no_stream' : version, [{ type: EVENT_TYPE, data: eventData(index) }], {
      metadata: eventMetadata(streamId),
    });
}

/** The same row as the store writes: same columns, data and metadata (commandId null, as the store adds it). */
function plainAppender(pool: pg.Pool): AppendOne {
  const schemaVersion = new EventStore(pool).upcasters.currentSchemaVersion(EVENT_TYPE);
  return (streamId, version, index) =>
    pool.query(PLAIN_INSERT, [
      streamId,
      version + 1,
      EVENT_TYPE,
      schemaVersion,
      JSON.stringify(eventData(index)),
      JSON.stringify({ ...eventMetadata(streamId), commandId: null }),
    ]);
}

function eventData(index: number) {
  return { key: `m_${index + 1}`, title: `里程碑 ${index + 1}`, dueDate: '2026-12-31' };
}

function eventMetadata(streamId: string): EventMetadata {
  return { actor: 'bench@example.gov.cn', correlationId: `corr-${streamId}`, causationId: null, commandId: null };
}

async function expectRows(pool: pg.Pool, prefix: string, expected: number): Promise<void> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1', [`bench-${prefix}-%`]);
  if (rows[0].n !== expected) throw new Error(`${prefix}: ${rows[0].n} events stored, expected ${expected}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
