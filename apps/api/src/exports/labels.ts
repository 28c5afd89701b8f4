import { COUNTIES } from '#libs/portfolio';

/** Chinese labels of the export files: the same words the web dashboard shows (libs/portfolio chinese-labels.ts). */
export { CATEGORY_LABELS, RAG_LABELS, STATUS_LABELS } from '#libs/portfolio';

export function countyLabel(slug: string): string {
  return COUNTIES.find((c) => c.slug === slug)?.name ?? slug;
}

export const label = (labels: Readonly<Record<string, string>>, value: string): string => labels[value] ?? value;
