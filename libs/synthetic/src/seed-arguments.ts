import { parseArgs } from 'node:util';
import { isCalendarDate, type CalendarDate } from '#libs/portfolio';
import { SEED_MAX } from './synthetic-marking.js';

export const MAX_SYNTHETIC_PROJECTS = 1_000_000;

export const SEED_USAGE = `usage: npm run seed:synthetic -- [--projects N] [--seed S] [--today YYYY-MM-DD]
  --projects  how many synthetic projects, 1 to ${MAX_SYNTHETIC_PROJECTS} (default 1000)
  --seed      the random seed, 0 to ${SEED_MAX} (default 1): the same seed gives the same projects
  --today     the last business date of the histories, not after today (default: today in Asia/Shanghai)`;

export interface SeedArguments {
  projects: number;
  seed: number;
  today: CalendarDate;
  help: boolean;
}

/** Bad command-line input: the message says which option and what is wrong. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--projects N --seed S --today YYYY-MM-DD`; `realToday` is today in Asia/Shanghai (and the latest allowed). */
export function parseSeedArguments(args: readonly string[], realToday: CalendarDate): SeedArguments {
  const { values } = parseOrThrow(args);
  const today = values.today ?? realToday;
  if (!isCalendarDate(today)) throw new UsageError(`--today must be a calendar date YYYY-MM-DD, got "${today}"`);
  if (today > realToday) throw new UsageError(`--today ${today} is after today (${realToday} in Asia/Shanghai): a history cannot record the future`);
  return {
    projects: wholeNumber('--projects', values.projects ?? '1000', 1, MAX_SYNTHETIC_PROJECTS),
    seed: wholeNumber('--seed', values.seed ?? '1', 0, SEED_MAX),
    today,
    help: values.help ?? false,
  };
}

function parseOrThrow(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        projects: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
