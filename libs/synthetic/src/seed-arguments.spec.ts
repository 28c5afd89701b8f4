import { UsageError, parseSeedArguments } from './seed-arguments.js';

const TODAY = '2026-11-28';

describe('the arguments of seed:synthetic', () => {
  it('defaults to 1000 projects, seed 1 and today', () => {
    expect(parseSeedArguments([], TODAY)).toEqual({ projects: 1000, seed: 1, today: TODAY, help: false });
  });

  it('reads --projects, --seed and --today', () => {
    expect(parseSeedArguments(['--projects', '100000', '--seed=42', '--today', '2025-12-31'], TODAY)).toEqual({
      projects: 100000,
      seed: 42,
      today: '2025-12-31',
      help: false,
    });
  });

  it.each([
    [['--projects', '0'], /--projects must be a whole number from 1/],
    [['--projects', '1e3'], /--projects .* got "1e3"/],
    [['--projects', '2000000'], /--projects/],
    [['--seed', '-1'], /seed/],
    [['--seed', '4294967296'], /--seed must be a whole number from 0 to 2147483647/],
    [['--today', '2025-02-30'], /--today must be a calendar date/],
    [['--today', '2026-11-29'], /after today/],
    [['--project', '5'], /Unknown option '--project'/],
    [['100'], /positional/],
    [['--projects'], /--projects/],
  ])('refuses %j', (args, message) => {
    expect(() => parseSeedArguments(args, TODAY)).toThrow(UsageError);
    expect(() => parseSeedArguments(args, TODAY)).toThrow(message);
  });
});
