/** Project categories (design §1). */
export const CATEGORIES = [
  'education',
  'health',
  'eldercare',
  'childcare',
  'culture',
  'sports',
  'social_welfare',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
