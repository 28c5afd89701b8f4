import fc from 'fast-check';
import { addDays, type CalendarDate, type ProjectState } from '#libs/portfolio';
import { periodEnds } from '../queries/trend.query.js';
import { calendarEntries, type CalendarKind } from './county-calendar.js';
import { completionFigures, type CalendarSums } from './county-figures.js';

const day = (offset: number): CalendarDate => addDays('2025-01-01', offset);

const milestone = fc
  .record({ due: fc.integer({ min: 0, max: 60 }), started: fc.option(fc.integer({ min: 0, max: 60 })), completed: fc.option(fc.integer({ min: 0, max: 60 })) })
  .map(({ due, started, completed }) => ({
    key: 'm',
    title: 'm',
    dueDate: day(due),
    originalDueDate: day(due),
    startedOn: started === null ? null : day(started),
    completedOn: completed === null ? null : day(completed),
    note: null,
    rescheduleCount: 0,
  }));

const project = fc.record({ milestones: fc.array(milestone, { maxLength: 5 }), suspended: fc.boolean(), cancelled: fc.boolean() }).map(
  (p): ProjectState => ({
    id: 'p',
    name: 'p',
    county: 'laian',
    category: 'education',
    subType: 'x',
    action: '新建',
    plan: 'x',
    sourceRef: null,
    plannedStart: null,
    plannedCompletion: null,
    managerEmail: 'pm@example.org',
    suspended: p.suspended,
    suspensionReason: null,
    cancelled: p.cancelled,
    cancellationReason: null,
    milestones: p.milestones,
  }),
);

function sumsOn(projects: readonly ProjectState[], date: CalendarDate): CalendarSums[] {
  const sums = new Map<CalendarKind, CalendarSums>();
  for (const { kind, onDate } of projects.flatMap(calendarEntries)) {
    const sum = sums.get(kind) ?? { kind, total: 0, after: 0 };
    sum.total += 1;
    if (onDate !== '-infinity' && onDate > date) sum.after += 1;
    sums.set(kind, sum);
  }
  return [...sums.values()];
}

describe('county calendar', () => {
  it('gives on any date the figures a direct reading of the projects gives (property)', () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 6 }), fc.integer({ min: 0, max: 70 }), (projects, offset) => {
        const date = day(offset);
        const kept = projects.filter((p) => !p.cancelled);
        const active = kept.filter((p) => !p.suspended);
        const doneBy = (m: ProjectState['milestones'][number]) => m.completedOn !== null && m.completedOn <= date;
        const late = (m: ProjectState['milestones'][number]) => m.dueDate < date && !doneBy(m);
        const completed = active.filter((p) => p.milestones.length > 0 && p.milestones.every(doneBy));
        const started = active.filter((p) => p.milestones.some((m) => (m.startedOn !== null && m.startedOn <= date) || doneBy(m)));
        expect(completionFigures(sumsOn(projects, date))).toMatchObject({
          projects: kept.length,
          byStatus: {
            not_started: kept.length - (kept.length - active.length) - started.length,
            in_progress: started.length - completed.length,
            completed: completed.length,
            suspended: kept.length - active.length,
            cancelled: projects.length - kept.length,
          },
          milestones: kept.flatMap((p) => p.milestones).length,
          milestonesDone: kept.flatMap((p) => p.milestones).filter(doneBy).length,
          milestonesDue: kept.flatMap((p) => p.milestones).filter((m) => m.dueDate <= date).length,
          overdueMilestones: active.flatMap((p) => p.milestones).filter(late).length,
          overdueProjects: active.filter((p) => p.milestones.some(late)).length,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('ends trend periods at month ends or Sundays, the last one cut at the end of the range', () => {
    expect(periodEnds({ from: '2024-01-15', to: '2024-04-10', interval: 'month' })).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-10']);
    expect(periodEnds({ from: '2025-06-04', to: '2025-06-22', interval: 'week' })).toEqual(['2025-06-08', '2025-06-15', '2025-06-22']);
    expect(periodEnds({ from: '2025-06-30', to: '2025-06-30', interval: 'month' })).toEqual(['2025-06-30']);
  });
});
