import type { Pool } from 'pg';
import { EventStore } from '#libs/event-store';
import { decideSyntheticProject } from './decide-history.js';
import { generateSyntheticPortfolio, type SyntheticPortfolioOptions, type SyntheticProject } from './generate-portfolio.js';
import { countProject, emptyCounts, type PortfolioCounts } from './portfolio-shares.js';
import { syntheticCommandId, syntheticCorrelationId } from './synthetic-marking.js';

export const DEFAULT_SEED_CONCURRENCY = 8;

export interface SeedOptions extends SyntheticPortfolioOptions {
  /** Appends in flight at once; the pool needs at least as many connections. */
  concurrency?: number;
  progressEvery?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  projects: number;
  events: number;
  seconds: number;
}

export interface SeedReport extends SeedProgress {
  /** Projects whose history was already in the ledger (same seed): nothing appended for them. */
  alreadySeeded: number;
  eventsPerSecond: number;
  /** The generated portfolio as it stands on `today`. */
  counts: PortfolioCounts;
}

/**
 * Writes the synthetic portfolio: each project's whole history decided by the aggregate, then
 * appended in one atomic call under a command id of the seed and project, so a second run with
 * the same seed appends nothing. Several projects are in flight at once.
 */
export async function seedSyntheticPortfolio(pool: Pool, options: SeedOptions): Promise<SeedReport> {
  const store = new EventStore(pool);
  const portfolio = generateSyntheticPortfolio(options);
  const progressEvery = options.progressEvery ?? 10_000;
  const started = performance.now();
  const report: SeedReport = { projects: 0, events: 0, seconds: 0, alreadySeeded: 0, eventsPerSecond: 0, counts: emptyCounts() };
  const elapsed = () => (performance.now() - started) / 1000;
  const failures: unknown[] = [];

  const worker = async () => {
    try {
      for (let next = portfolio.next(); !next.done && failures.length === 0; next = portfolio.next()) {
        const appended = await seedProject(store, options, next.value, report.counts);
        report.projects += 1;
        if (appended === null) report.alreadySeeded += 1;
        else report.events += appended;
        if (report.projects % progressEvery === 0) options.onProgress?.({ projects: report.projects, events: report.events, seconds: elapsed() });
      }
    } catch (error) {
      failures.push(error);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_SEED_CONCURRENCY }, worker));
  if (failures.length > 0) throw failures[0];
  report.seconds = elapsed();
  report.eventsPerSecond = report.seconds > 0 ? report.events / report.seconds : 0;
  return report;
}

/** The number of events appended, or null when the project was already seeded. */
async function seedProject(store: EventStore, options: SeedOptions, project: SyntheticProject, counts: PortfolioCounts): Promise<number | null> {
  const { events, state } = decideSyntheticProject(project);
  countProject(counts, state, events, options.today);
  const commandId = syntheticCommandId(options.seed, project.projectId);
  const result = await store.append(project.projectId, 'no_stream', events, {
    metadata: {
      actor: project.managerEmail,
      correlationId: syntheticCorrelationId(options.seed),
      causationId: null,
      commandId,
      synthetic: true,
    },
    commandId,
  });
  return result.duplicate ? null : events.length;
}

export function describeSeedReport(report: SeedReport): string {
  const rate = Math.round(report.eventsPerSecond).toLocaleString('en-US');
  const skipped = report.alreadySeeded > 0 ? ` (${report.alreadySeeded} already seeded: nothing appended for them)` : '';
  return `${report.projects} projects${skipped}, ${report.events} events appended in ${report.seconds.toFixed(1)} s: ${rate} events/s`;
}
