import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './free-port.js';
import { ownChild } from './owned-child.js';
import type { RunningService } from './local-postgres.js';

export interface LocalMailCatcherOptions {
  smtpPort: number;
  webPort: number;
  /** Received mail is kept here as .eml files and shown again after a restart. */
  mailDir: string;
  /** The newest messages kept; older ones are deleted with their files. */
  keep?: number;
}

export interface RunningMailCatcher extends RunningService {
  /** The web inbox, whose REST API answers under /api (e.g. GET /api/email). */
  inboxUrl: string;
}

/**
 * MailDev (npm `maildev`) as a child process: an SMTP server that delivers nothing and a web inbox
 * showing what it caught, both on 127.0.0.1. Its own output is dropped; its errors are reported.
 */
export async function startLocalMailCatcher(options: LocalMailCatcherOptions): Promise<RunningMailCatcher> {
  for (const port of [options.smtpPort, options.webPort]) await assertPortFree(port);
  const mailDir = resolve(options.mailDir);
  mkdirSync(mailDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      maildevCli(),
      '--smtp', String(options.smtpPort), '--ip', '127.0.0.1',
      '--web', String(options.webPort), '--web-ip', '127.0.0.1',
      '--mail-directory', mailDir, '--max-emails', String(options.keep ?? 1000),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = ownChild(child);
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-2000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`maildev exited with code ${code} while starting: ${errors.trim()}`))),
  );
  exited.catch(() => undefined);
  const inboxUrl = `http://127.0.0.1:${options.webPort}`;
  try {
    await Promise.race([waitFor(() => healthy(inboxUrl), 15_000, `maildev on ports ${options.smtpPort}/${options.webPort}`), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl,
    stop,
  };
}

/** The package exports only its library; its command line sits next to it. */
function maildevCli(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('maildev'))), 'bin', 'maildev.js');
}

async function healthy(inboxUrl: string): Promise<boolean> {
  const response = await fetch(`${inboxUrl}/api/healthz`);
  return response.ok;
}

/** Another catcher still on the port would answer the readiness check in place of ours. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', () => fail(new Error(`port ${port} on 127.0.0.1 is in use: stop what listens there, or choose other ports (LOCAL_SMTP_PORT, LOCAL_MAIL_WEB_PORT)`)));
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}
