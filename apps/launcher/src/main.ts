import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { leaveShutdownSignalsToCaller, ownChild } from '#libs/local-services';
import { prepareLocalAnchorKey } from './anchor-key.js';
import { describeDemoUsers, prepareDemoSignIn } from './demo-sign-in.js';
import { startLocalStack, STATE_DIR } from './local-stack.js';
import { describeImport, importPlanCatalog } from './catalog-import.js';
import { migrateDatabase } from './migrate-database.js';

const say = (line: string) => process.stdout.write(`[taizhang] ${line}\n`);

/** `npm start`: the local stack, migrations, the plan's catalog, then the API and the worker as child processes. */
async function main(): Promise<void> {
  const stack = await startLocalStack(say);
  const applied = await migrateDatabase(stack.databaseUrl);
  say(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  say(describeImport(await importPlanCatalog(stack.databaseUrl)));

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: stack.databaseUrl, REDIS_URL: stack.redisUrl, SMTP_URL: stack.smtpUrl };
  // Production brings its own secret and users (AUTH_TOKEN_SECRET, AUTH_BOOTSTRAP_ADMIN); the embedded default makes demo ones.
  const demo = env.NODE_ENV === 'production' ? undefined : await prepareDemoSignIn(STATE_DIR, stack.databaseUrl);
  if (demo) {
    env.AUTH_TOKEN_SECRET ??= demo.secret;
    env.AUTH_DATA_KEY ??= demo.dataKey;
  }
  // Likewise the key that signs audit anchors: production names its own (the worker refuses to start without one).
  if (env.NODE_ENV !== 'production') env.AUDIT_ANCHOR_KEY_FILE ||= await prepareLocalAnchorKey(say);
  const children = [run('api', '../../api/src/main.js', env), run('worker', '../../worker/src/main.js', env)];
  const host = env.HOST ?? '127.0.0.1';
  const port = env.PORT ?? '3000';
  say(`Dashboard 台账: http://${host}:${port}/`);
  if (demo) {
    say('demo users (演示账号) — user name, password, role; the administrator roles sign in with a code from an authenticator app set up with the secret shown:');
    for (const line of describeDemoUsers(demo.users)) say(line);
  }
  say(`API:      http://${host}:${port}/api`);
  say(`API docs: http://${host}:${port}/api/docs`);
  say(`Health:   http://${host}:${port}/api/health`);
  say(`Queues:   http://${host}:${port}/admin/queues`);
  if (stack.mailInboxUrl) say(`Mail inbox: ${stack.mailInboxUrl}`);
  say('press Ctrl+C to stop');

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => child.stop()));
    await stack.stop();
    process.exit(code);
  };
  leaveShutdownSignalsToCaller();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  for (const { process: child } of children) {
    child.once('exit', (code) => {
      if (stopping) return;
      say(`a child process exited with code ${code}: stopping everything`);
      void shutdown(code || 1);
    });
  }
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): { process: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return { process: child, stop: ownChild(child) };
}

main().catch((error: unknown) => {
  process.stderr.write(`[taizhang] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
