import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { EventStore } from '#libs/event-store';
import { PORTFOLIO_PROJECTION, PortfolioProjector, ProjectionRunner } from '#libs/projections';

/**
 * `node dist/bench/rebuild-worker.js portfolio`, with DATABASE_URL (and REBUILD_BATCH_SIZE): the
 * benchmark's stand-in for `projections-cli rebuild portfolio` until that exists. It catches the
 * projector up from wherever its checkpoint is (the benchmark has emptied its tables and removed
 * its checkpoint, so from the start of the log), batch after batch through the ProjectionRunner,
 * until a batch finds nothing. The last line it prints is `{"projection", "events", "seconds"}`.
 */
async function main(): Promise<void> {
  const projection = process.argv[2];
  if (projection !== PORTFOLIO_PROJECTION) throw new Error(`usage: rebuild-worker.js ${PORTFOLIO_PROJECTION} (got ${projection ?? 'nothing'})`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const batchSize = Number(process.env.REBUILD_BATCH_SIZE ?? 2000);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'taizhang-bench-rebuild' });
  try {
    const runner = new ProjectionRunner(pool, new EventStore(pool), new PortfolioProjector(), { batchSize });
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let events = 0;
    let reported = 0;
    for (let applied = await runner.runBatch(); applied > 0; applied = await runner.runBatch()) {
      events += applied;
      if (events - reported >= 100_000) {
        reported = events;
        process.stdout.write(`[rebuild] ${events} events, ${seconds().toFixed(1)} s, rss ${mb(process.memoryUsage.rss())}\n`);
      }
    }
    const result = { projection, events, seconds: seconds(), batchSize, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await pool.end();
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

main().catch((error: unknown) => {
  process.stderr.write(`[rebuild] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
