import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { CalendarDate } from '#libs/portfolio';
import { countyViews } from '#libs/projections';
import { median } from './append-throughput.js';
import { get } from './same-answers.js';
import type { ReadServer } from './read-servers.js';

export interface Timings {
  /** Every run in order, the first one included. */
  runsMs: number[];
  medianMs: number;
  maxMs: number;
}

export interface AsOfResult {
  day: CalendarDate;
  /** Rows of county_calendar_changes recorded by the end of the day: what the view sums. */
  changesRows: number;
  /** Rows of project_summary_history recorded by the end of the day: where the last activity comes from. */
  historyRows: number;
  direct: Timings;
  http: Timings;
}

/**
 * The county view as recorded by the end of `day`, judged on that day: `countyViews` called directly
 * on the pool, and GET /api/counties?asOf=<day> on the API (give it one with its memo off, or all but
 * the first call are answered from memory), `runs` times each, one after the other.
 */
export async function measureAsOf(pool: pg.Pool, api: ReadServer, day: CalendarDate, runs: number): Promise<AsOfResult> {
  const direct = await time(runs, async () => {
    const views = await countyViews(pool, { day, asOf: day });
    if (views.length === 0) throw new Error('countyViews answered no county');
  });
  const http = await time(runs, async () => {
    const answer = await get(`${api.baseUrl}/counties?asOf=${day}`, api.headers);
    if (answer.status !== 200) throw new Error(`GET /api/counties?asOf=${day} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  });
  const { rows } = await pool.query(
    `SELECT (SELECT count(*)::int FROM county_calendar_changes WHERE recorded_day <= $1::date) AS changes,
            (SELECT count(*)::int FROM project_summary_history WHERE recorded_day <= $1::date) AS history`,
    [day],
  );
  return { day, changesRows: rows[0].changes, historyRows: rows[0].history, direct, http };
}

async function time(runs: number, once: () => Promise<void>): Promise<Timings> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await once();
    runsMs.push(performance.now() - started);
  }
  return { runsMs, medianMs: median(runsMs), maxMs: Math.max(...runsMs) };
}
