/** Who hears of an overdue milestone (design §4): the project manager, the county lead, city leadership. */
export type AlertLevel = 'L1' | 'L2' | 'L3';

export const ALERT_LEVELS: readonly AlertLevel[] = ['L1', 'L2', 'L3'];

/** Days overdue from which each level above L1 hears of a milestone; L1 hears from the first day. */
export interface Escalation {
  countyLeadDays: number;
  leadershipDays: number;
}

export const LEVEL_TITLES: Record<AlertLevel, string> = {
  L1: '项目负责人提醒',
  L2: '县区督办',
  L3: '市级督办',
};

/** The level a milestone this many days late reaches (pure: the scan's SQL applies the same rule). */
export function levelsFor(daysLate: number, escalation: Escalation): AlertLevel[] {
  if (daysLate < 1) return [];
  const levels: AlertLevel[] = ['L1'];
  if (daysLate >= escalation.countyLeadDays) levels.push('L2');
  if (daysLate >= escalation.leadershipDays) levels.push('L3');
  return levels;
}
