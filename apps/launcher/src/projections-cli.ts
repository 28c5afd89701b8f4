import pg from 'pg';
import { rebuildProjection, selectProjections, verifyProjection, type VerifyReport } from '#libs/projections';
import { startLocalStack } from './local-stack.js';
import { migrateDatabase } from './migrate-database.js';

const USAGE = 'usage: npm run projections:rebuild -- <name|all>   or   npm run projections:verify -- <name|all>';

/**
 * `projections:rebuild` rebuilds online (fresh tables, then swapped in); `projections:verify`
 * rebuilds into scratch tables and reports every row that differs from the live ones (exit 1 if any).
 */
async function main(argv: string[]): Promise<number> {
  const [command, selector] = argv;
  if ((command !== 'rebuild' && command !== 'verify') || !selector) throw new Error(USAGE);
  const projections = selectProjections(selector);
  const say = (line: string) => process.stdout.write(`[projections] ${line}\n`);
  const stack = await startLocalStack(say, { redis: false });
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 3, application_name: `taizhang-projections-${command}` });
  pool.on('error', () => undefined); // an idle connection closed by the server at shutdown; queries report their own errors
  try {
    await migrateDatabase(stack.databaseUrl);
    let differing = 0;
    for (const projection of projections) {
      if (command === 'rebuild') {
        const report = await rebuildProjection(pool, projection);
        say(`${report.projection}: rebuilt from ${report.events} events in ${report.seconds.toFixed(1)} s (${Math.round(report.events / Math.max(report.seconds, 0.001))} events/s), swapped in`);
      } else {
        const report = await verifyProjection(pool, projection);
        say(describeVerify(report));
        differing += report.differences.length;
      }
    }
    return differing > 0 ? 1 : 0;
  } finally {
    await pool.end();
    await stack.stop();
  }
}

function describeVerify(report: VerifyReport): string {
  const head = `${report.projection}: rebuilt ${report.events} events up to position ${report.position} and compared`;
  if (report.differences.length === 0) return `${head}: every row matches`;
  const lines = report.differences.map(
    (d) => `  ${d.table}: ${d.onlyLive} rows only live, ${d.onlyRebuilt} only rebuilt; e.g. live ${JSON.stringify(d.samples.onlyLive[0] ?? null)} rebuilt ${JSON.stringify(d.samples.onlyRebuilt[0] ?? null)}`,
  );
  return `${head}: DIFFERENT\n${lines.join('\n')}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[projections] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
