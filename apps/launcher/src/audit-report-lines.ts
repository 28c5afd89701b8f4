import type { AnchorMismatch, AuditPurge, LedgerReport } from '#libs/audit';

const AUDIT_CHECKS = {
  content: 'its content_hash is not the hash of its columns (the row was changed)',
  link: 'its prev_hash is not the hash of the row before (a row was removed or inserted)',
  hash: 'its hash is not sha256(prev_hash ‖ id ‖ content_hash)',
};

const SEAL_CHECKS = {
  events: 'its events are not the ones it counted (an event was removed or inserted)',
  link: 'its prev_hash is not the hash of the seal before',
  hash: 'its events no longer give its hash (an event was changed)',
};

const ANCHOR_REASONS: Record<AnchorMismatch['reason'], string> = {
  hash: 'differs from the hash its contents give now',
  position: 'ends at another position now',
  missing: 'no longer exists',
};

/** The verify report as plain lines, the verdict last. */
export function describeLedgerReport(report: LedgerReport, anchorFile: string, keyId: string | null): string[] {
  return [...auditLines(report.audit), ...eventLines(report.events), ...anchorLines(report.anchors, anchorFile, keyId), `result: ${report.ok ? 'OK' : 'BROKEN'}`];
}

export function describePurge(purge: AuditPurge, before: string): string {
  if (purge.deleted === 0) return `no audit row recorded before ${before} to delete; recorded as audit row ${purge.recordId}`;
  return `deleted ${count(purge.deleted, 'audit row')} recorded before ${before} (ids up to ${purge.throughId}); recorded as audit row ${purge.recordId}`;
}

function auditLines(audit: LedgerReport['audit']): string[] {
  const range = audit.rows > 0 ? ` (ids ${audit.firstId}–${audit.lastId})` : '';
  const lines = [`audit log: ${count(audit.rows, 'row')}${range}, ${audit.firstBroken ? 'BROKEN' : 'every row chains'}`];
  if (audit.afterPurge) {
    lines.push(`  starts at row ${audit.afterPurge.firstId} after a purge: its prev_hash is taken as given, as purge record ${audit.afterPurge.purgeRecord} names it`);
  }
  if (audit.firstBroken) lines.push(`  first broken row: ${audit.firstBroken.id} (${audit.firstBroken.check}): ${AUDIT_CHECKS[audit.firstBroken.check]}`);
  return lines;
}

function eventLines(events: LedgerReport['events']): string[] {
  const lines = [`event log: ${count(events.seals, 'seal')} over ${count(events.events, 'event')}, ${events.firstBroken ? 'BROKEN' : 'every seal matches its events'}`];
  if (events.firstBroken) lines.push(`  first broken seal: ${events.firstBroken.seal} (${events.firstBroken.check}): ${SEAL_CHECKS[events.firstBroken.check]}`);
  return lines;
}

function anchorLines(anchors: LedgerReport['anchors'], file: string, keyId: string | null): string[] {
  if (anchors.checked === 0) return [`anchors: none in ${file}: nothing outside the database was compared (WARNING)`];
  const lines = [`anchors: ${anchors.checked} in ${file}, checked with key ${keyId}; ${anchors.badSignatures} with a bad signature`];
  if (anchors.firstBadSignature) lines.push(`  first bad signature: line ${anchors.firstBadSignature.line} (edited, cut short, or not signed by this key)`);
  if (anchors.purged > 0) lines.push(`  ${anchors.purged} anchors name audit rows purged since: their audit head was not compared`);
  const mismatch = anchors.firstMismatch;
  if (mismatch) {
    const what = mismatch.part === 'audit' ? `audit row ${mismatch.id}` : `seal ${mismatch.id}`;
    lines.push(`  first mismatch: line ${mismatch.line} (${mismatch.at}): ${what} ${ANCHOR_REASONS[mismatch.reason]}`);
  } else {
    lines.push('  every signed anchor matches the database');
  }
  return lines;
}

function count(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}
