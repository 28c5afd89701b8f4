import { levelsFor } from './alert-levels.js';

describe('levelsFor', () => {
  const escalation = { countyLeadDays: 7, leadershipDays: 30 };

  it('tells the manager from the first day, the county lead from day 7 and city leadership from day 30', () => {
    expect(levelsFor(0, escalation)).toEqual([]);
    expect(levelsFor(1, escalation)).toEqual(['L1']);
    expect(levelsFor(6, escalation)).toEqual(['L1']);
    expect(levelsFor(7, escalation)).toEqual(['L1', 'L2']);
    expect(levelsFor(29, escalation)).toEqual(['L1', 'L2']);
    expect(levelsFor(30, escalation)).toEqual(['L1', 'L2', 'L3']);
  });

  it('follows configured thresholds', () => {
    expect(levelsFor(3, { countyLeadDays: 3, leadershipDays: 10 })).toEqual(['L1', 'L2']);
  });
});
