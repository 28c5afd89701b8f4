/** The tables the portfolio projection keeps; a rebuild or a verify writes them under a suffix. */
export interface PortfolioTables {
  summaries: string;
  milestones: string;
  history: string;
  totals: string;
  calendar: string;
  changes: string;
}

export const PORTFOLIO_TABLE_NAMES: PortfolioTables = {
  summaries: 'project_summaries',
  milestones: 'project_milestones',
  history: 'project_summary_history',
  totals: 'county_totals',
  calendar: 'county_calendar',
  changes: 'county_calendar_changes',
};

export function portfolioTables(suffix = ''): PortfolioTables {
  const entries = Object.entries(PORTFOLIO_TABLE_NAMES).map(([role, table]) => [role, `${table}${suffix}`]);
  return Object.fromEntries(entries) as unknown as PortfolioTables;
}
