import {
  CATEGORIES,
  COUNTY_SLUGS,
  PROJECT_ACTIONS,
  daysBetween,
  decideProject,
  evolve,
  templateFor,
  type ProjectCommand,
  type ProjectState,
  type RegisterProject,
} from '#libs/portfolio';
import { decideSyntheticProject } from './decide-history.js';
import { generateSyntheticPortfolio, type SyntheticProject } from './generate-portfolio.js';
import { SYNTHETIC_PLAN_PREFIX, isSyntheticPlan, syntheticPlan } from './synthetic-marking.js';

const TODAY = '2025-12-31';
const generate = (projects: number, seed: number, today = TODAY) => [...generateSyntheticPortfolio({ projects, seed, today })];
const registration = (project: SyntheticProject) => project.commands[0].command as RegisterProject;

/** Dates a command says something happened on (not due dates, which may lie ahead). */
function factDates(command: ProjectCommand): string[] {
  if (command.type === 'startMilestone') return [command.startedOn];
  if (command.type === 'completeMilestone') return [command.completedOn];
  if (command.type === 'correctMilestoneDate') return [command.date];
  return [];
}

describe('the synthetic portfolio generator', () => {
  const portfolio = generate(1000, 7);

  it('gives the same projects for the same seed and today, and others for another seed or today', () => {
    expect(generate(300, 7)).toEqual(portfolio.slice(0, 300));
    expect(generate(300, 8)).not.toEqual(portfolio.slice(0, 300));
    expect(generate(300, 7, '2024-06-30')).not.toEqual(portfolio.slice(0, 300));
  });

  it('yields histories the aggregate accepts in order, decided on their own dates or on today', () => {
    for (const project of portfolio) {
      expect(() => decideSyntheticProject(project)).not.toThrow();
      let state: ProjectState | null = null;
      for (const { command } of project.commands) {
        for (const event of decideProject(command, state, TODAY)) state = evolve(state, event);
      }
      expect(state?.id).toBe(project.projectId);
    }
  });

  it('never records a date after today, and records commands in date order', () => {
    for (const today of [TODAY, '2023-03-15', '2021-02-01']) {
      for (const project of generate(500, 3, today)) {
        const dates = project.commands.map((c) => c.on);
        expect(dates.every((on) => on <= today)).toBe(true);
        expect([...dates].sort()).toEqual(dates);
        expect(project.commands.flatMap((c) => factDates(c.command)).every((d) => d <= today)).toBe(true);
      }
    }
  });

  it('marks every project as synthetic: plan, id and an example.gov.cn manager', () => {
    expect(syntheticPlan(7)).toBe('合成演示数据（synthetic, seed 7）');
    expect(isSyntheticPlan(syntheticPlan(7))).toBe(true);
    expect(isSyntheticPlan('滁州市“十四五”公共服务规划')).toBe(false);
    portfolio.forEach((project, index) => {
      const register = registration(project);
      expect(project.projectId).toBe(`syn-7-${String(index + 1).padStart(6, '0')}`);
      expect(register.plan.startsWith(SYNTHETIC_PLAN_PREFIX)).toBe(true);
      expect(register.managerEmail).toMatch(new RegExp(`^pm\\d{4}@${register.county}\\.example\\.gov\\.cn$`));
      expect(project.managerEmail).toBe(register.managerEmail);
    });
  });

  it('registers realistic projects: every county and category, the template milestones of the action', () => {
    const registrations = portfolio.map(registration);
    const counts = (pick: (r: RegisterProject) => string) =>
      registrations.reduce((m, r) => m.set(pick(r), (m.get(pick(r)) ?? 0) + 1), new Map<string, number>());
    const mostCommon = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0][0];
    expect(new Set(registrations.map((r) => r.county))).toEqual(new Set(COUNTY_SLUGS));
    expect(new Set(registrations.map((r) => r.category))).toEqual(new Set(CATEGORIES.filter((c) => c !== 'other')));
    expect(mostCommon(counts((r) => r.county))).toBe('city');
    expect(mostCommon(counts((r) => r.category))).toBe('education');
    expect(mostCommon(counts((r) => r.action))).toBe('新建');
    for (const [index, register] of registrations.entries()) {
      expect(PROJECT_ACTIONS).toContain(register.action);
      expect(register.name).toMatch(/^(滁州市|琅琊区|南谯区|来安县|全椒县|定远县|凤阳县|天长市|明光市)\p{Script=Han}+/u);
      expect(register.plannedStart! >= '2021-01-01' && register.plannedStart! <= '2024-12-31').toBe(true);
      const years = daysBetween(register.plannedStart!, register.plannedCompletion!) / 365;
      expect(years >= 1 && years <= 4.01).toBe(true);
      const planned = portfolio[index].commands.filter((c) => c.command.type === 'planMilestone').map((c) => c.command);
      expect(planned.map((c) => (c as { key: string }).key)).toEqual(templateFor(register.action as never).map((m) => m.key));
      const dues = planned.map((c) => (c as { dueDate: string }).dueDate);
      expect([...dues].sort()).toEqual(dues);
      expect(dues.at(-1)).toBe(register.plannedCompletion);
    }
  });

  it('refuses options it cannot honour', () => {
    expect(() => generate(1, -1)).toThrow(RangeError);
    expect(() => generate(1, 2 ** 31)).toThrow(RangeError);
    expect(() => generate(1.5, 1)).toThrow(RangeError);
    expect(() => generate(1, 1, '2025-02-30')).toThrow(RangeError);
  });
});
