import { PROJECT_EVENT_TYPES, isProjectEvent, type ProjectEvent } from './project-events.js';
import { foldProject, type ProjectState } from './project-state.js';
import { findMilestone, isMilestoneOverdue, isProjectCompleted, projectStatus } from './project-status.js';
import { TODAY, cancelled, completed, planned, registered, resumed, started, suspended } from './testing/project-fixtures.js';

const stateOf = (...events: ProjectEvent[]): ProjectState => {
  const state = foldProject(events);
  if (!state) throw new Error('no state');
  return state;
};

describe('projectStatus', () => {
  it('is not_started with no milestones, or with milestones none started', () => {
    expect(projectStatus(stateOf(registered()))).toBe('not_started');
    expect(projectStatus(stateOf(registered(), planned('design', '2025-03-31')))).toBe('not_started');
  });

  it('is in_progress when any milestone is started or completed but not all completed', () => {
    expect(projectStatus(stateOf(registered(), planned('design', '2025-03-31'), started('design', '2025-03-01')))).toBe('in_progress');
    const oneDone = stateOf(
      registered(),
      planned('design', '2025-03-31'),
      completed('design', '2025-03-01'),
      planned('acceptance', '2025-12-31'),
    );
    expect(projectStatus(oneDone)).toBe('in_progress');
    expect(isProjectCompleted(oneDone)).toBe(false);
  });

  it('is completed when every planned milestone is completed', () => {
    const done = stateOf(registered(), planned('design', '2025-03-31'), completed('design', '2025-03-01'));
    expect(projectStatus(done)).toBe('completed');
    expect(isProjectCompleted(done)).toBe(true);
    expect(isProjectCompleted(stateOf(registered()))).toBe(false);
  });

  it('puts cancelled before suspended before progress', () => {
    const base = [registered(), planned('design', '2025-03-31'), started('design', '2025-03-01')];
    expect(projectStatus(stateOf(...base, suspended()))).toBe('suspended');
    expect(projectStatus(stateOf(...base, suspended(), resumed()))).toBe('in_progress');
    expect(projectStatus(stateOf(...base, cancelled()))).toBe('cancelled');
  });
});

describe('isMilestoneOverdue', () => {
  const milestone = (dueDate: string, ...more: ProjectEvent[]) =>
    stateOf(registered(), planned('design', dueDate), ...more).milestones[0];

  it('is overdue when not completed and due before today', () => {
    expect(isMilestoneOverdue(milestone('2025-06-14'), TODAY)).toBe(true);
    expect(isMilestoneOverdue(milestone('2025-06-14', started('design', '2025-06-01')), TODAY)).toBe(true);
  });

  it('is not overdue on its due date, nor once completed', () => {
    expect(isMilestoneOverdue(milestone(TODAY), TODAY)).toBe(false);
    expect(isMilestoneOverdue(milestone('2025-01-01', completed('design', '2025-06-01')), TODAY)).toBe(false);
  });
});

describe('findMilestone', () => {
  it('finds by key', () => {
    const state = stateOf(registered(), planned('design', '2025-03-31'));
    expect(findMilestone(state, 'design')?.dueDate).toBe('2025-03-31');
    expect(findMilestone(state, 'acceptance')).toBeUndefined();
  });
});

describe('isProjectEvent', () => {
  it('accepts every known type with object data', () => {
    for (const type of PROJECT_EVENT_TYPES) expect(isProjectEvent({ type, data: {} })).toBe(true);
  });

  it.each([
    null,
    'project.registered',
    { type: 'project.renamed', data: {} },
    { type: 'project.cancelled' },
    { type: 'project.cancelled', data: null },
  ])('refuses %p', (value) => {
    expect(isProjectEvent(value)).toBe(false);
  });
});
