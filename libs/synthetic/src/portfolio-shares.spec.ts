import { decideSyntheticProject } from './decide-history.js';
import { generateSyntheticPortfolio } from './generate-portfolio.js';
import { countProject, emptyCounts, sharesOf, type PortfolioShares } from './portfolio-shares.js';

function sharesFor(seed: number, today: string): PortfolioShares {
  const counts = emptyCounts();
  for (const project of generateSyntheticPortfolio({ projects: 2000, seed, today })) {
    const { state, events } = decideSyntheticProject(project);
    countProject(counts, state, events, today);
  }
  return sharesOf(counts);
}

describe('shares of the synthetic portfolio (2,000 projects)', () => {
  it.each([
    [1, '2025-12-31'],
    [42, '2026-11-28'],
    [2024, '2025-06-30'],
  ])('seed %d, today %s: about a quarter late, a few badly, ~4%% suspended, ~1.5%% cancelled', (seed, today) => {
    const shares = sharesFor(seed, today);
    expect(shares.late).toBeGreaterThanOrEqual(0.18);
    expect(shares.late).toBeLessThanOrEqual(0.32);
    expect(shares.badlyLate).toBeGreaterThan(0.01);
    expect(shares.badlyLate).toBeLessThan(0.1);
    expect(shares.suspended).toBeGreaterThanOrEqual(0.02);
    expect(shares.suspended).toBeLessThanOrEqual(0.06);
    expect(shares.resumed).toBeGreaterThan(0.005);
    expect(shares.cancelled).toBeGreaterThanOrEqual(0.005);
    expect(shares.cancelled).toBeLessThanOrEqual(0.03);
    expect(shares.rescheduled).toBeGreaterThan(0.2);
    expect(shares.corrected).toBeGreaterThan(0.02);
    expect(shares.completed).toBeGreaterThan(0.2);
  });
});
