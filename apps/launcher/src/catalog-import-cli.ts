import { describeImport, importPlanCatalog } from './catalog-import.js';
import { startLocalStack } from './local-stack.js';
import { migrateDatabase } from './migrate-database.js';

/** `npm run catalog:import`: the plan's projects into DATABASE_URL, or into the embedded database. */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`[catalog] ${line}\n`);
  const stack = await startLocalStack(say, { redis: false });
  try {
    await migrateDatabase(stack.databaseUrl);
    say(describeImport(await importPlanCatalog(stack.databaseUrl)));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[catalog] import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
