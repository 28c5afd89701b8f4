import type { Pool } from 'pg';
import type { AnchorVerifyingKey } from './anchor-keys.js';
import { verifyAnchorSignature, type Anchor, type AnchorLine } from './anchors.js';
import { recomputeSeals, type SealCheck } from './event-log-seals.js';
import { verifyAuditChain, type AuditChainCheck } from './verify-audit-chain.js';

export interface AnchorMismatch {
  line: number;
  at: string;
  /** Which head of the anchor disagrees. */
  part: 'audit' | 'events';
  /** The audit row's or the seal's id. */
  id: string;
  /** `hash`: the recomputed hash differs; `position`: the seal ends elsewhere; `missing`: no such row or seal. */
  reason: 'hash' | 'position' | 'missing';
}

export interface LedgerReport {
  ok: boolean;
  audit: Omit<AuditChainCheck, 'recomputed'>;
  events: Omit<SealCheck, 'recomputed'>;
  anchors: {
    checked: number;
    /** Lines that are not an anchor signed by the key, exactly as they read (edited, forged, another key, cut short). */
    badSignatures: number;
    firstBadSignature?: { line: number };
    /** The first signed anchor whose heads differ from what the database's contents give now. */
    firstMismatch?: AnchorMismatch;
    /** Anchors of audit rows purged since: their audit head can no longer be checked. */
    purged: number;
  };
}

/**
 * Checks the audit chain row by row, the event log against its seals, and every anchor: signed by
 * the key, and naming the hashes the rows and events give now — recomputed from their contents,
 * not read from the stored hashes, so that rewriting a row and every hash after it is still caught.
 */
export async function verifyLedger(pool: Pool, anchors?: { lines: AnchorLine[]; key: AnchorVerifyingKey }): Promise<LedgerReport> {
  const lines = anchors?.lines ?? [];
  const signed: Array<{ line: number; anchor: Anchor }> = [];
  const report: LedgerReport['anchors'] = { checked: lines.length, badSignatures: 0, purged: 0 };
  for (const { line, anchor } of lines) {
    if (anchor && anchors && verifyAnchorSignature(anchor, anchors.key)) {
      signed.push({ line, anchor });
    } else {
      report.badSignatures += 1;
      report.firstBadSignature ??= { line };
    }
  }
  const audit = await verifyAuditChain(pool, new Set(signed.flatMap(({ anchor }) => (anchor.audit ? [anchor.audit.id] : []))));
  const events = await recomputeSeals(pool);
  for (const { line, anchor } of signed) {
    const auditHead = auditMismatch(anchor, audit);
    if (auditHead === 'purged') report.purged += 1;
    const mismatch = (auditHead === 'purged' ? null : auditHead) ?? sealMismatch(anchor, events);
    if (mismatch) report.firstMismatch ??= { line, at: anchor.at, ...mismatch };
  }
  const { recomputed: _audit, ...auditReport } = audit;
  const { recomputed: _events, ...eventsReport } = events;
  return {
    ok: !audit.firstBroken && !events.firstBroken && !report.firstMismatch && report.badSignatures === 0,
    audit: auditReport,
    events: eventsReport,
    anchors: report,
  };
}

type Mismatch = Omit<AnchorMismatch, 'line' | 'at'>;

function auditMismatch(anchor: Anchor, audit: AuditChainCheck): Mismatch | 'purged' | null {
  if (!anchor.audit) return null;
  const { id, hash } = anchor.audit;
  const recomputed = audit.recomputed.get(id);
  if (recomputed) return recomputed.toString('hex') === hash ? null : { part: 'audit', id, reason: 'hash' };
  if (audit.afterPurge && BigInt(id) < BigInt(audit.afterPurge.firstId)) return 'purged';
  return { part: 'audit', id, reason: 'missing' };
}

function sealMismatch(anchor: Anchor, events: SealCheck): Mismatch | null {
  if (!anchor.events) return null;
  const { seal: id, hash, lastPosition } = anchor.events;
  const recomputed = events.recomputed.get(id);
  if (!recomputed) return { part: 'events', id, reason: 'missing' };
  if (recomputed.lastPosition !== lastPosition) return { part: 'events', id, reason: 'position' };
  return recomputed.hash.toString('hex') === hash ? null : { part: 'events', id, reason: 'hash' };
}
