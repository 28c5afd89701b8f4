import { addDays, daysBetween, type CalendarDate, type ProjectAction, type RegisterProject } from '#libs/portfolio';
import { CATEGORY_WEIGHTS, chineseNumber, pickFacility } from './facility-names.js';
import { COUNTY_PLACES, COUNTY_WEIGHTS, MANAGERS_PER_COUNTY } from './places.js';
import type { Random, Weighted } from './random.js';
import { syntheticManagerEmail, syntheticPlan } from './synthetic-marking.js';

export const ACTION_WEIGHTS: Weighted<ProjectAction> = [
  ['新建', 50],
  ['改扩建', 16],
  ['扩建', 12],
  ['改造提升', 12],
  ['启用', 5],
  ['推进建设', 5],
];

export const FIRST_PLANNED_START: CalendarDate = '2021-01-01';
export const LAST_PLANNED_START: CalendarDate = '2024-12-31';

/** Planned duration in days, by action: an opening or a renovation is quicker than a new building. */
const DURATION_DAYS: Record<ProjectAction, readonly [number, number]> = {
  启用: [365, 548],
  改造提升: [365, 730],
  新建: [548, 1461],
  扩建: [548, 1461],
  改扩建: [548, 1461],
  推进建设: [730, 1461],
  迁建: [730, 1461],
};

/** A registration whose action and planned window are always given. */
export type SyntheticRegistration = RegisterProject & { action: ProjectAction; plannedStart: CalendarDate; plannedCompletion: CalendarDate };

/** Who the project is: county, category, facility, action, planned window and manager. */
export function drawRegistration(random: Random, seed: number, projectId: string): SyntheticRegistration {
  const county = random.weighted(COUNTY_WEIGHTS);
  const category = random.weighted(CATEGORY_WEIGHTS);
  const action = random.weighted(ACTION_WEIGHTS);
  const places = COUNTY_PLACES[county];
  const parts = { prefix: places.prefix, locality: random.pick(places.localities), ordinal: chineseNumber(random.int(3, 20)) };
  const { subType, name } = pickFacility(random, category, action, parts);
  const plannedStart = addDays(FIRST_PLANNED_START, random.int(0, daysBetween(FIRST_PLANNED_START, LAST_PLANNED_START)));
  const [shortest, longest] = DURATION_DAYS[action];
  return {
    type: 'registerProject',
    projectId,
    name,
    county,
    category,
    subType,
    action,
    plan: syntheticPlan(seed),
    sourceRef: null,
    plannedStart,
    plannedCompletion: addDays(plannedStart, random.int(shortest, longest)),
    managerEmail: syntheticManagerEmail(county, random.int(1, MANAGERS_PER_COUNTY)),
  };
}
