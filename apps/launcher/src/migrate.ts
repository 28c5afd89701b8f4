import { startLocalStack } from './local-stack.js';
import { migrateDatabase } from './migrate-database.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`[migrate] ${line}\n`);
  const stack = await startLocalStack(say, { redis: false });
  try {
    const applied = await migrateDatabase(stack.databaseUrl);
    say(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'nothing to apply');
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
