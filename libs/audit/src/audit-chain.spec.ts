import { createHash } from 'node:crypto';
import { auditChainHash, auditContentHash, canonicalAuditContent, GENESIS_HASH, type AuditContent } from './audit-chain.js';

const content: AuditContent = {
  at: new Date('2026-12-05T02:03:04.567Z'),
  actor: 'auditor',
  actorRole: 'auditor',
  sourceAddress: '10.0.0.7',
  userAgent: 'Mozilla/5.0',
  action: 'audit.viewed',
  object: 'audit_log',
  result: 'success',
  correlationId: 'c-1',
  details: { filter: { to: '2026-12-01', from: '2026-11-01' }, page: 1, 备注: '查阅' },
};

describe('the canonical content of an audit row', () => {
  it('is a JSON array of the fields in their fixed order, the time in ISO 8601 with milliseconds', () => {
    expect(canonicalAuditContent(content)).toBe(
      '["2026-12-05T02:03:04.567Z","auditor","auditor","10.0.0.7","Mozilla/5.0","audit.viewed","audit_log","success","c-1",' +
        '{"filter":{"from":"2026-11-01","to":"2026-12-01"},"page":1,"备注":"查阅"}]',
    );
  });

  it('does not depend on the order the details were written in, at any depth (jsonb does not keep it)', () => {
    const reordered = { ...content, details: { 备注: '查阅', page: 1, filter: { from: '2026-11-01', to: '2026-12-01' } } };
    expect(canonicalAuditContent(reordered)).toBe(canonicalAuditContent(content));
    expect(auditContentHash(reordered).equals(auditContentHash(content))).toBe(true);
  });

  it('is the SHA-256 of that text in UTF-8', () => {
    const expected = createHash('sha256').update(canonicalAuditContent(content), 'utf8').digest();
    expect(auditContentHash(content).equals(expected)).toBe(true);
    expect(auditContentHash(content)).toHaveLength(32);
  });

  it.each<[string, Partial<AuditContent>]>([
    ['at', { at: new Date('2026-12-05T02:03:04.568Z') }],
    ['actor', { actor: 'admin' }],
    ['actorRole', { actorRole: null }],
    ['sourceAddress', { sourceAddress: '10.0.0.8' }],
    ['userAgent', { userAgent: null }],
    ['action', { action: 'audit.verified' }],
    ['object', { object: 'x' }],
    ['result', { result: 'refused' }],
    ['correlationId', { correlationId: 'c-2' }],
    ['a nested detail', { details: { ...content.details, filter: { from: '2026-11-01', to: '2026-12-02' } } }],
    ['a detail added', { details: { ...content.details, extra: null } }],
  ])('changes when %s changes', (_field, change) => {
    expect(auditContentHash({ ...content, ...change }).equals(auditContentHash(content))).toBe(false);
  });

  it('tells a null from the string "null" and a field moved to its neighbour', () => {
    expect(auditContentHash({ ...content, object: 'null' }).equals(auditContentHash({ ...content, object: null }))).toBe(false);
    expect(auditContentHash({ ...content, actor: null, actorRole: 'auditor' }).equals(auditContentHash({ ...content, actor: 'auditor', actorRole: null }))).toBe(false);
  });
});

describe('the chain hash', () => {
  const contentHash = auditContentHash(content);

  it('is sha256(previous hash ‖ id as 8 bytes big-endian ‖ content hash), as append_audit_record() computes it', () => {
    const id = Buffer.from([0, 0, 0, 0, 0, 0, 0x01, 0x02]);
    const expected = createHash('sha256').update(Buffer.concat([GENESIS_HASH, id, contentHash])).digest();
    expect(auditChainHash(GENESIS_HASH, 258n, contentHash).equals(expected)).toBe(true);
  });

  it('starts from 32 zero bytes', () => {
    expect(GENESIS_HASH.equals(Buffer.alloc(32))).toBe(true);
  });

  it('changes with the id, the previous hash and the content hash', () => {
    const base = auditChainHash(GENESIS_HASH, 1n, contentHash);
    expect(auditChainHash(GENESIS_HASH, 2n, contentHash).equals(base)).toBe(false);
    expect(auditChainHash(Buffer.alloc(32, 1), 1n, contentHash).equals(base)).toBe(false);
    expect(auditChainHash(GENESIS_HASH, 1n, auditContentHash({ ...content, object: 'y' })).equals(base)).toBe(false);
  });
});
