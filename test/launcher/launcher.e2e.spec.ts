import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '#libs/local-services';

const LAUNCHER = 'dist/apps/launcher/src/main.js';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function healthy(port: number): () => Promise<boolean> {
  return async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    await response.arrayBuffer();
    return response.status === 200;
  };
}

describe('npm start (the launcher, built)', () => {
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'taizhang-launcher-'));
    await chmod(home, 0o755); // the embedded PostgreSQL runs as another user when we are root
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('starts PostgreSQL, Redis, the mail catcher, the API and the worker, and stops every one of them on SIGINT, the database last', async () => {
    const ports = {
      PORT: await freePort(),
      LOCAL_POSTGRES_PORT: await freePort(),
      LOCAL_REDIS_PORT: await freePort(),
      LOCAL_SMTP_PORT: await freePort(),
      LOCAL_MAIL_WEB_PORT: await freePort(),
    };
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? home, TAIZHANG_HOME: home, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const launcher = spawn(process.execPath, [LAUNCHER], {
      env: { ...env, ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [launcher.stdout, launcher.stderr]) stream.setEncoding('utf8').on('data', (text: string) => (output += text));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => output.includes('press Ctrl+C to stop'), 150_000, 'the launcher to start');
      await waitFor(healthy(ports.PORT), 60_000, 'the API and worker');
      for (const [name, port] of Object.entries(ports)) expect({ name, listening: await listening(port) }).toEqual({ name, listening: true });

      launcher.kill('SIGINT');
      expect(await exited).toBe(0);
      // in order: the API and the worker close their connections before PostgreSQL stops
      expect(output).not.toContain('terminating connection due to administrator command');
      await waitFor(
        async () => (await Promise.all(Object.values(ports).map(listening))).every((open) => !open),
        15_000,
        'every service to stop',
      );
    } catch (error) {
      launcher.kill('SIGKILL');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nlauncher output:\n${output.slice(-3000)}`, { cause: error });
    }
  }, 240_000);
});
