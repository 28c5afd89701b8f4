import pg from 'pg';
import { systemClock, today } from '#libs/portfolio';
import {
  DEFAULT_SEED_CONCURRENCY,
  SEED_USAGE,
  UsageError,
  describeSeedReport,
  describeShares,
  parseSeedArguments,
  seedSyntheticPortfolio,
  sharesOf,
  type SeedArguments,
} from '#libs/synthetic';
import { startLocalStack } from './local-stack.js';
import { migrateDatabase } from './migrate-database.js';

const say = (line: string) => process.stdout.write(`[synthetic] ${line}\n`);

/** `npm run seed:synthetic -- --projects N --seed S [--today YYYY-MM-DD]`: demo data into DATABASE_URL or the embedded database. */
async function main(): Promise<void> {
  const options = argumentsOrExit();
  if (options.help) {
    process.stdout.write(`${SEED_USAGE}\n`);
    return;
  }
  const stack = await startLocalStack(say, { redis: false });
  try {
    const applied = await migrateDatabase(stack.databaseUrl);
    if (applied.length > 0) say(`applied migrations: ${applied.join(', ')}`);
    say(`seeding ${options.projects} synthetic projects, seed ${options.seed}, histories up to ${options.today}`);
    await seed(stack.databaseUrl, options);
  } finally {
    await stack.stop();
  }
}

/**
 * The seeding sessions commit without waiting for the WAL flush: a crash can lose only the last
 * moment's projects, never half of one, and a re-run with the same seed appends exactly those.
 */
async function seed(databaseUrl: string, options: SeedArguments): Promise<void> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: DEFAULT_SEED_CONCURRENCY,
    application_name: 'taizhang-seed-synthetic',
    options: '-c synchronous_commit=off',
  });
  let closing = false;
  pool.on('error', (error) => {
    if (!closing) process.stderr.write(`[synthetic] an idle database connection failed: ${error.message}\n`);
  });
  try {
    const report = await seedSyntheticPortfolio(pool, {
      ...options,
      concurrency: DEFAULT_SEED_CONCURRENCY,
      onProgress: ({ projects, events, seconds }) =>
        say(`${projects} projects, ${events} events, ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)`),
    });
    say(describeSeedReport(report));
    say(`as of ${options.today}: ${describeShares(sharesOf(report.counts))}`);
  } finally {
    closing = true;
    await pool.end();
  }
}

function argumentsOrExit(): SeedArguments {
  try {
    return parseSeedArguments(process.argv.slice(2), today(systemClock));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`[synthetic] ${error.message}\n${SEED_USAGE}\n`);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[synthetic] seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
