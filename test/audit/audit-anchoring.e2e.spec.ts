import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  anchorLine,
  ensureAnchorKey,
  loadAnchorVerifyingKey,
  publicKeyFileOf,
  readAnchors,
  verifyAnchorSignature,
  verifyLedger,
  type Anchor,
  type AnchorVerifyingKey,
} from '#libs/audit';
import { EventStore } from '#libs/event-store';
import { QueueName } from '#libs/queues';
import { AuditAnchoringService } from '../../apps/worker/src/audit/audit-anchoring.service.js';
import type { ApiUnderTest } from '../support/api-under-test.js';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { startWorker } from '../support/worker-under-test.js';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the worker anchors the audit log and the event log outside the database', () => {
  let dir: string;
  let keyFile: string;
  let anchorFile: string;
  let key: AnchorVerifyingKey;
  let db: TestDatabase;
  let queuePrefix: string;
  let smtp: SmtpCatcher;
  let worker: INestApplicationContext | undefined;
  let queue: Queue;

  /** The worker needs only the database and a queue prefix of its own, not the API. */
  const underTest = () => ({ db, queuePrefix }) as ApiUnderTest;
  const anchoredRows = async () =>
    (await db.pool.query(`SELECT id::int AS id, actor, actor_role, result, correlation_id, details FROM audit_log WHERE action = 'audit.anchored' ORDER BY audit_log.id`)).rows;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taizhang-anchoring-'));
    keyFile = join(dir, 'keys', 'audit-anchor.pem');
    anchorFile = join(dir, 'keys', 'anchors.jsonl');
    await ensureAnchorKey(keyFile);
    key = await loadAnchorVerifyingKey(publicKeyFileOf(keyFile));
    db = await createTestDatabase(4);
    queuePrefix = `{${db.name}}`;
    smtp = await startSmtpCatcher();
    queue = new Queue(QueueName.Audit, { connection: { url: testRedisUrl() }, prefix: queuePrefix });

    await db.pool.query(`
      INSERT INTO users (username, display_name, role, county, password_hash, email, disabled) VALUES
        ('auditor', '审计管理员', 'auditor', NULL, 'x', 'auditor@chuzhou.example.gov.cn', false),
        ('auditor2', '审计管理员二', 'auditor', NULL, 'x', 'audit2@chuzhou.example.gov.cn', false),
        ('auditor-gone', '已停用', 'auditor', NULL, 'x', 'gone@chuzhou.example.gov.cn', true),
        ('auditor-nomail', '无邮箱', 'auditor', NULL, 'x', NULL, false),
        ('admin2', '系统管理员', 'admin', NULL, 'x', 'admin@chuzhou.example.gov.cn', false)`);
    const store = new EventStore(db.pool);
    for (let n = 0; n < 3; n++) {
      await store.append(`laian-${randomUUID()}`, 'no_stream', [{ type: 'project.registered.v1', data: { n } }], {
        metadata: { actor: 'admin', correlationId: 'c', causationId: null, commandId: null },
      });
    }
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await smtp?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
    delete process.env.AUDIT_ANCHOR_KEY_FILE; // copied there by Nest's ConfigModule; the file is gone
  });

  it('takes an anchor on its schedule at start: a signed line in the file, an audit.anchored row, a mail to each auditor', async () => {
    worker = await startWorker(underTest(), { SMTP_URL: smtp.url, AUDIT_ANCHOR_KEY_FILE: keyFile, AUDIT_ANCHOR_EVERY_MINUTES: '60' });
    expect(await queue.getJobScheduler('audit-anchor')).toMatchObject({ every: 3_600_000 });

    const rows = await eventually(anchoredRows, (found) => found.length === 1);
    expect(rows).toHaveLength(1);
    const lines = await readAnchors(anchorFile);
    expect(lines).toHaveLength(1);
    const anchor = lines[0].anchor as Anchor;
    expect(verifyAnchorSignature(anchor, key)).toBe(true);
    expect(anchor).toMatchObject({ keyId: key.keyId, audit: null, events: { seal: '1', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(rows[0]).toMatchObject({
      actor: null,
      actor_role: 'system',
      result: 'success',
      correlation_id: expect.stringMatching(/^audit-anchor:/),
      details: { keyId: key.keyId, events: anchor.events, mailedTo: ['audit2@chuzhou.example.gov.cn', 'auditor@chuzhou.example.gov.cn'], mailFailed: [] },
    });

    const mails = await smtp.waitForMails(2);
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual(['audit2@chuzhou.example.gov.cn', 'auditor@chuzhou.example.gov.cn']);
    for (const mail of mails) {
      expect(mail.subject).toBe(`【台账·审计锚定】${anchor.at}`);
      expect(mail.text).toContain(`审计日志锚定 ${anchor.at}`);
      expect(mail.text).toContain(`签名密钥：${key.keyId}`);
      expect(mail.attachments).toEqual([
        { filename: `anchor-${anchor.at.replaceAll(':', '-')}.json`, contentType: 'application/json', content: `${anchorLine(anchor)}\n` },
      ]);
    }
  });

  it('anchors again on demand, over the audit row of the first anchor; everything verifies against the file', async () => {
    const service = (worker as INestApplicationContext).get(AuditAnchoringService);
    const anchor = await service.anchorNow();
    const [first] = await anchoredRows();
    expect(anchor.audit).toEqual({ id: String(first.id), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const lines = await readAnchors(anchorFile);
    expect(lines.map((line) => line.anchor)).toEqual([expect.anything(), anchor]);
    expect(await anchoredRows()).toHaveLength(2);
    await smtp.waitForMails(4);
    const sent = smtp.mails.slice(2).map((mail) => JSON.parse(mail.attachments[0].content) as Anchor);
    expect(sent).toEqual([anchor, anchor]);

    const report = await verifyLedger(db.pool, { lines, key });
    expect(report).toMatchObject({ ok: true, anchors: { checked: 2, badSignatures: 0 }, events: { seals: 1, events: 3 } });
  });

  it('without AUDIT_ANCHOR_KEY_FILE outside production: starts, anchors nothing', async () => {
    await worker?.close();
    await queue.removeJobScheduler('audit-anchor');
    // Empty, not absent: Nest's ConfigModule copied the first worker's settings into process.env.
    worker = await startWorker(underTest(), { SMTP_URL: smtp.url, AUDIT_ANCHOR_KEY_FILE: '' });
    expect(await queue.getJobScheduler('audit-anchor')).toBeUndefined();
    await expect((worker as INestApplicationContext).get(AuditAnchoringService).anchorNow()).rejects.toThrow(/AUDIT_ANCHOR_KEY_FILE is not set/);
  });

  it('refuses to start in production without AUDIT_ANCHOR_KEY_FILE (the built worker)', async () => {
    const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: `{${db.name}-production}`,
        SMTP_URL: smtp.url,
        AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
        AUTH_DATA_KEY: randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.setEncoding('utf8').on('data', (text: string) => (output += text));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('AUDIT_ANCHOR_KEY_FILE must be set in production');
  }, 30_000);
});
