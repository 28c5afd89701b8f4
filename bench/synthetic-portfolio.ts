import pg from 'pg';
import type { CalendarDate } from '#libs/portfolio';
import { DEFAULT_SEED_CONCURRENCY, seedSyntheticPortfolio, type SeedProgress } from '#libs/synthetic';

export interface PortfolioSeed {
  projects: number;
  seed: number;
  /** The last business date of the histories (the events themselves are recorded now). */
  today: CalendarDate;
}

export interface SeedResult extends PortfolioSeed {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * The synthetic portfolio, written the way `npm run seed:synthetic` writes it: the same
 * concurrency, and sessions that commit without waiting for the WAL flush.
 */
export async function seedPortfolio(databaseUrl: string, seed: PortfolioSeed, onProgress: (progress: SeedProgress) => void): Promise<SeedResult> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: DEFAULT_SEED_CONCURRENCY,
    application_name: 'taizhang-bench-seed',
    options: '-c synchronous_commit=off',
  });
  try {
    const report = await seedSyntheticPortfolio(pool, {
      ...seed,
      concurrency: DEFAULT_SEED_CONCURRENCY,
      progressEvery: Math.max(1000, Math.ceil(seed.projects / 10)),
      onProgress,
    });
    if (report.alreadySeeded > 0) throw new Error(`${report.alreadySeeded} projects were already in the ledger: the database is not fresh`);
    return { ...seed, events: report.events, seconds: report.seconds, eventsPerSecond: report.eventsPerSecond };
  } finally {
    await pool.end();
  }
}
