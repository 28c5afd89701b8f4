import { PORTFOLIO_PROJECTION, PortfolioProjector } from '../portfolio/portfolio.projector.js';
import { PORTFOLIO_TABLE_NAMES } from '../portfolio/portfolio-tables.js';
import type { Projector } from '../projector.js';

/** What the operations commands need of a projection: its tables, and its projector under another name and table suffix. */
export interface ProjectionDefinition {
  name: string;
  tables: readonly string[];
  /** `deferWrites`: the projector may hold writes back until `flush` (nothing reads scratch tables meanwhile). */
  projector(options: { name: string; tableSuffix: string; deferWrites: boolean }): Projector;
}

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  {
    name: PORTFOLIO_PROJECTION,
    tables: Object.values(PORTFOLIO_TABLE_NAMES),
    projector: ({ name, tableSuffix, deferWrites }) => new PortfolioProjector({ name, tableSuffix, deferCounts: deferWrites }),
  },
];

/** `all`, or one projection by name; an unknown name throws, listing the known ones. */
export function selectProjections(selector: string): readonly ProjectionDefinition[] {
  if (selector === 'all') return PROJECTIONS;
  const found = PROJECTIONS.filter((p) => p.name === selector);
  if (found.length === 0) throw new Error(`no projection ${JSON.stringify(selector)}: known are ${PROJECTIONS.map((p) => p.name).join(', ')} (or all)`);
  return found;
}
