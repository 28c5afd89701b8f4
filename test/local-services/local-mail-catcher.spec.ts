import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { freePort, startLocalMailCatcher, type RunningMailCatcher } from '#libs/local-services';

describe('the local mail catcher (maildev)', () => {
  let mailDir: string;
  let catcher: RunningMailCatcher | undefined;

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'taizhang-mail-'));
  });

  afterAll(async () => {
    await catcher?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('catches a message that its web inbox then shows, and frees its ports when stopped', async () => {
    const smtpPort = await freePort();
    const webPort = await freePort();
    catcher = await startLocalMailCatcher({ smtpPort, webPort, mailDir });
    expect(catcher.url).toBe(`smtp://127.0.0.1:${smtpPort}`);
    expect(catcher.inboxUrl).toBe(`http://127.0.0.1:${webPort}`);

    const subject = '逾期提醒：琅琊区 2 个里程碑';
    const transport = nodemailer.createTransport(catcher.url);
    await transport.sendMail({ from: 'alerts@taizhang.localhost', to: 'lead@langya.chuzhou.example', subject, text: '请查看台账。' });
    transport.close();

    const response = await fetch(`${catcher.inboxUrl}/api/email`);
    expect(response.status).toBe(200);
    const inbox = (await response.json()) as { subject: string; to: { address: string }[] }[];
    expect(inbox.map((mail) => mail.subject)).toEqual([subject]);
    expect(inbox[0].to[0].address).toBe('lead@langya.chuzhou.example');

    await catcher.stop();
    catcher = undefined;
    expect(await canListen(smtpPort)).toBe(true);
    expect(await canListen(webPort)).toBe(true);
  });

  it('refuses a port that something else listens on', async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as { port: number }).port;
    try {
      await expect(startLocalMailCatcher({ smtpPort: port, webPort: await freePort(), mailDir })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((done) => busy.close(done));
    }
  });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}
