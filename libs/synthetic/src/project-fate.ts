import type { Random, Weighted } from './random.js';

/** How a project goes, drawn before its history is played out. */
export interface ProjectFate {
  /** Days each milestone adds to the project's delay: steady projects finish near their due dates. */
  pace: Pace;
  /** The milestone (index) the project gets stuck on and never completes, if any. */
  stallAt: number | null;
  suspension: { at: number; resumeAfterDays: number | null } | null;
  cancelAt: number | null;
}

export type Pace = 'steady' | 'slipping' | 'troubled';

export const PACE_WEIGHTS: Weighted<Pace> = [
  ['steady', 35],
  ['slipping', 50],
  ['troubled', 15],
];

const PACE_DELAY_DAYS: Record<Pace, readonly [number, number]> = {
  steady: [-10, 12],
  slipping: [15, 110],
  troubled: [60, 200],
};

export const FATE_ODDS = {
  stall: 0.01,
  cancel: 0.015,
  suspend: 0.075,
  resume: 0.4,
  /** A milestone expected more than 30 days late may be rescheduled; more than 90 days late, more often. */
  rescheduleAfterDays: 30,
  reschedule: 0.25,
  rescheduleLongAfterDays: 90,
  rescheduleLong: 0.55,
  correction: 0.015,
  note: 0.3,
} as const;

export function drawFate(random: Random, milestones: number): ProjectFate {
  const pace = random.weighted(PACE_WEIGHTS);
  if (random.chance(FATE_ODDS.cancel)) {
    return { pace, stallAt: null, suspension: null, cancelAt: random.int(0, Math.min(2, milestones - 1)) };
  }
  const stallAt = random.chance(FATE_ODDS.stall) ? random.int(0, milestones - 1) : null;
  const suspension = random.chance(FATE_ODDS.suspend)
    ? { at: random.int(0, milestones - 1), resumeAfterDays: random.chance(FATE_ODDS.resume) ? random.int(60, 540) : null }
    : null;
  return { pace, stallAt, suspension, cancelAt: null };
}

export function paceDelay(random: Random, pace: Pace): number {
  const [min, max] = PACE_DELAY_DAYS[pace];
  return random.int(min, max);
}
