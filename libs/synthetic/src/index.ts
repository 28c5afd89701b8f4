export { BADLY_LATE_DAYS, countProject, describeShares, emptyCounts, sharesOf, type PortfolioCounts, type PortfolioShares } from './portfolio-shares.js';
export { decideSyntheticProject, type DecidedProject } from './decide-history.js';
export type { DatedCommand } from './dated-command.js';
export { generateSyntheticPortfolio, type SyntheticPortfolioOptions, type SyntheticProject } from './generate-portfolio.js';
export {
  DEFAULT_SEED_CONCURRENCY,
  describeSeedReport,
  seedSyntheticPortfolio,
  type SeedOptions,
  type SeedProgress,
  type SeedReport,
} from './seed-portfolio.js';
export {
  SEED_MAX,
  SEED_MIN,
  SYNTHETIC_EMAIL_DOMAIN,
  SYNTHETIC_PLAN_PREFIX,
  isSyntheticPlan,
  syntheticCommandId,
  syntheticPlan,
  syntheticProjectId,
} from './synthetic-marking.js';
export { MAX_SYNTHETIC_PROJECTS, SEED_USAGE, UsageError, parseSeedArguments, type SeedArguments } from './seed-arguments.js';
