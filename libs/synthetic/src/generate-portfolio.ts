import { addDays, isCalendarDate, type CalendarDate } from '#libs/portfolio';
import { earlier, type DatedCommand } from './dated-command.js';
import { planMilestones } from './milestone-plan.js';
import { drawFate } from './project-fate.js';
import { playHistory } from './project-history.js';
import { drawRegistration } from './project-profile.js';
import { Random } from './random.js';
import { SEED_MAX, SEED_MIN, syntheticProjectId } from './synthetic-marking.js';

export interface SyntheticPortfolioOptions {
  projects: number;
  seed: number;
  /** The last business date of the histories: nothing after it has happened yet. */
  today: CalendarDate;
}

export interface SyntheticProject {
  projectId: string;
  managerEmail: string;
  /** Register, plan the template milestones, then what happened, in date order. */
  commands: DatedCommand[];
}

/** The portfolio, project by project: the same options always give the same projects. */
export function* generateSyntheticPortfolio(options: SyntheticPortfolioOptions): Generator<SyntheticProject> {
  checkOptions(options);
  const random = Random.seeded(options.seed);
  for (let n = 1; n <= options.projects; n += 1) {
    yield generateProject(random, options.seed, n, options.today);
  }
}

function generateProject(random: Random, seed: number, n: number, today: CalendarDate): SyntheticProject {
  const projectId = syntheticProjectId(seed, n);
  const register = drawRegistration(random, seed, projectId);
  const { action, plannedStart, plannedCompletion } = register;
  const milestones = planMilestones(random, action, plannedStart, plannedCompletion);
  const registeredOn = earlier(today, addDays(plannedStart, -random.int(30, 180)));
  const fate = drawFate(random, milestones.length);
  const commands: DatedCommand[] = [
    { on: registeredOn, command: register },
    ...milestones.map((m): DatedCommand => ({ on: registeredOn, command: { type: 'planMilestone', key: m.key, title: m.title, dueDate: m.dueDate } })),
    ...playHistory(random, today, registeredOn, milestones, fate),
  ];
  return { projectId, managerEmail: register.managerEmail, commands };
}

function checkOptions({ projects, seed, today }: SyntheticPortfolioOptions): void {
  if (!Number.isSafeInteger(projects) || projects < 0) throw new RangeError(`projects must be a whole number ≥ 0, got ${projects}`);
  if (!Number.isSafeInteger(seed) || seed < SEED_MIN || seed > SEED_MAX) {
    throw new RangeError(`seed must be a whole number from ${SEED_MIN} to ${SEED_MAX}, got ${seed}`);
  }
  if (!isCalendarDate(today)) throw new RangeError(`today must be a calendar date YYYY-MM-DD, got ${String(today)}`);
}
