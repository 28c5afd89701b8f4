import { SYNTHETIC_PLAN_PREFIX, isSyntheticPlan } from '#libs/portfolio';

export { SYNTHETIC_PLAN_PREFIX, isSyntheticPlan };

/** Managers of synthetic projects get addresses under example.gov.cn subdomains: never a real mailbox. */
export const SYNTHETIC_EMAIL_DOMAIN = 'example.gov.cn';

export const SEED_MIN = 0;
export const SEED_MAX = 2_147_483_647;

export function syntheticPlan(seed: number): string {
  return `${SYNTHETIC_PLAN_PREFIX}（synthetic, seed ${seed}）`;
}

/** `syn-42-000007`: numbered from 1, zero-padded to six digits so ids sort in generation order. */
export function syntheticProjectId(seed: number, n: number): string {
  return `syn-${seed}-${String(n).padStart(6, '0')}`;
}

/** The idempotency key of one synthetic project's whole history. */
export function syntheticCommandId(seed: number, projectId: string): string {
  return `synthetic:${seed}:${projectId}`;
}

export function syntheticCorrelationId(seed: number): string {
  return `synthetic-${seed}`;
}

export function syntheticManagerEmail(countySlug: string, number: number): string {
  return `pm${String(number).padStart(4, '0')}@${countySlug}.${SYNTHETIC_EMAIL_DOMAIN}`;
}
