import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorKeyId, ensureAnchorKey, loadAnchorSigningKey, loadAnchorVerifyingKey, publicKeyFileOf, type AnchorSigningKey } from './anchor-keys.js';
import { appendAnchor, canonicalAnchor, readAnchors, signAnchor, verifyAnchorSignature, type UnsignedAnchor } from './anchors.js';
import { canonicalEventLine, type SealedEventRow } from './sealed-event.js';

const unsigned: UnsignedAnchor = {
  at: '2026-12-05T02:00:00.000Z',
  audit: { id: '42', hash: 'a'.repeat(64) },
  events: { seal: '3', lastPosition: '30000', hash: 'b'.repeat(64) },
};

describe('audit anchors', () => {
  let dir: string;
  let key: AnchorSigningKey;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taizhang-anchors-'));
    expect(await ensureAnchorKey(join(dir, 'keys', 'anchor.pem'))).toBe(true);
    key = loadAnchorSigningKey(join(dir, 'keys', 'anchor.pem'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes a key pair once: the private key readable by its owner only, the public key beside it', async () => {
    const file = join(dir, 'keys', 'anchor.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
    const before = await readFile(file, 'utf8');
    expect(await ensureAnchorKey(file)).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
    const verifying = await loadAnchorVerifyingKey(publicKeyFileOf(file));
    expect(verifying.keyId).toBe(key.keyId);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a key that is not Ed25519', async () => {
    const file = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(() => loadAnchorSigningKey(file)).toThrow(/Ed25519/);
  });

  it('signs the canonical JSON without the signature: keys sorted, no spaces', () => {
    const anchor = signAnchor(unsigned, key);
    expect(canonicalAnchor(anchor).toString('utf8')).toBe(
      `{"at":"2026-12-05T02:00:00.000Z","audit":{"hash":"${'a'.repeat(64)}","id":"42"},` +
        `"events":{"hash":"${'b'.repeat(64)}","lastPosition":"30000","seal":"3"},"keyId":"${key.keyId}"}`,
    );
    expect(verifyAnchorSignature(anchor, key)).toBe(true);
    expect(verifyAnchorSignature({ ...anchor, audit: { id: '42', hash: 'c'.repeat(64) } }, key)).toBe(false);
    expect(verifyAnchorSignature({ ...anchor, at: '2026-12-05T03:00:00.000Z' }, key)).toBe(false);
    expect(verifyAnchorSignature({ ...anchor, extra: 1 } as typeof anchor, key)).toBe(false);
  });

  it('tells apart an anchor signed by another key, even one that claims this key id', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = { privateKey, publicKey, keyId: anchorKeyId(publicKey) };
    expect(verifyAnchorSignature(signAnchor(unsigned, other), key)).toBe(false);
    expect(verifyAnchorSignature(signAnchor(unsigned, { ...other, keyId: key.keyId }), key)).toBe(false);
  });

  it('appends one line per anchor and reads them back, a line cut short reported as such', async () => {
    const file = join(dir, 'out', 'anchors.jsonl');
    expect(await readAnchors(file)).toEqual([]);
    const first = signAnchor(unsigned, key);
    const second = signAnchor({ at: '2026-12-05T03:00:00.000Z', audit: null, events: null }, key);
    await appendAnchor(file, first);
    await appendAnchor(file, second);
    await writeFile(file, '{"at":"2026-12-05T04:0', { flag: 'a' });
    expect(await readAnchors(file)).toEqual([{ line: 1, anchor: first }, { line: 2, anchor: second }, { line: 3, error: 'not JSON' }]);
  });
});

describe('the canonical line of a sealed event', () => {
  it('is a JSON array of nine strings, PostgreSQL text escaped as JSON does', () => {
    const row: SealedEventRow = {
      position: '17',
      transaction_id: '7421',
      stream_id: 'laian-75bf234fbf',
      version: '3',
      type: 'milestone.completed.v1',
      schema_version: '1',
      data: '{"note": "验收\\"通过\\""}',
      metadata: '{"actor": "admin"}',
      recorded_at_us: '1764900000123456',
    };
    expect(canonicalEventLine(row)).toBe(
      String.raw`["17","7421","laian-75bf234fbf","3","milestone.completed.v1","1","{\"note\": \"验收\\\"通过\\\"\"}","{\"actor\": \"admin\"}","1764900000123456"]`,
    );
  });
});
