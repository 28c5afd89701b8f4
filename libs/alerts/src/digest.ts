import type { AlertLevel } from './alert-levels.js';

/** One overdue milestone as a digest lists it. */
export interface DigestItem {
  projectId: string;
  projectName: string;
  county: string;
  category: string;
  milestone: string;
  milestoneTitle: string;
  dueDate: string;
  daysLate: number;
}

/**
 * A digest item as the outbox stores it: a row rather than an object, half as long to build and
 * keep for the hundred thousand items of a scan.
 */
export type StoredDigestItem = [projectId: string, projectName: string, county: string, category: string, milestone: string, milestoneTitle: string, dueDate: string, daysLate: number];

export function digestItemOf(stored: StoredDigestItem): DigestItem {
  const [projectId, projectName, county, category, milestone, milestoneTitle, dueDate, daysLate] = stored;
  return { projectId, projectName, county, category, milestone, milestoneTitle, dueDate, daysLate };
}

/** The outbox key of a digest: one per recipient, level and day. */
export interface DigestKey {
  recipient: string;
  level: AlertLevel;
  day: string;
}

export interface Digest extends DigestKey {
  items: DigestItem[];
  itemCount: number;
}

export type DigestStatus = 'pending' | 'sent' | 'failed';

/** The BullMQ job id of a digest's delivery: its outbox key (no ':' — BullMQ reserves it). */
export function digestJobId(key: DigestKey): string {
  return `${key.day}/${key.level}/${key.recipient}`;
}
