/** Every synthetic (demo) project's `plan` starts with this, so every view can tell demo data from the real plan. */
export const SYNTHETIC_PLAN_PREFIX = '合成演示数据';

export function isSyntheticPlan(plan: unknown): boolean {
  return typeof plan === 'string' && plan.startsWith(SYNTHETIC_PLAN_PREFIX);
}
