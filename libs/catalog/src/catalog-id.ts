import { createHash } from 'node:crypto';

import type { CountySlug } from '../../portfolio/src/domain/county.js';

/**
 * Stable id of a catalog project: `${county}-${first 10 hex chars of sha256("county|name")}`.
 * The name is the project's name exactly as the catalog stores it, so the id changes only
 * if a reviewer changes the county or the name.
 */
export function catalogProjectId(county: CountySlug, name: string): string {
  const hash = createHash('sha256').update(`${county}|${name}`, 'utf8').digest('hex');
  return `${county}-${hash.slice(0, 10)}`;
}
