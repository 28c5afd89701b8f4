import type { ProjectCommand } from './project-commands.js';
import {
  TODAY,
  completed,
  planned,
  refusal,
  registered,
  started,
  untyped,
  when,
} from './testing/project-fixtures.js';

// TODAY is 2025-06-15.

describe('planMilestone', () => {
  it('plans a template milestone with its template title', () => {
    expect(when({ type: 'planMilestone', key: 'groundbreaking', dueDate: '2025-09-30' }, registered())).toEqual([
      { type: 'milestone.planned', data: { key: 'groundbreaking', title: '开工', dueDate: '2025-09-30' } },
    ]);
  });

  it('keeps a given title for a template key, trimmed', () => {
    const [event] = when({ type: 'planMilestone', key: 'acceptance', title: ' 竣工联合验收 ', dueDate: '2025-09-30' }, registered());
    expect(event.data).toMatchObject({ title: '竣工联合验收' });
  });

  it('plans an own key with its title', () => {
    const [event] = when({ type: 'planMilestone', key: 'land_acquired', title: '土地征收', dueDate: '2024-12-31' }, registered());
    expect(event).toEqual({ type: 'milestone.planned', data: { key: 'land_acquired', title: '土地征收', dueDate: '2024-12-31' } });
  });

  it.each([undefined, null, '  '])('refuses an own key without a title (%p)', (title) => {
    expect(refusal({ type: 'planMilestone', key: 'land_acquired', title, dueDate: '2025-01-01' }, registered())).toMatchObject({
      kind: 'invalid',
      code: 'TITLE_REQUIRED',
      field: 'title',
    });
  });

  it('refuses a title longer than 100 characters', () => {
    const command = { type: 'planMilestone', key: 'design', title: '设'.repeat(101), dueDate: '2025-01-01' } as const;
    expect(refusal(command, registered())).toMatchObject({ kind: 'invalid', code: 'TITLE_TOO_LONG', field: 'title' });
  });

  it.each(['a1', 'in_service', 'x'.repeat(40)])('accepts key %p', (key) => {
    expect(when({ type: 'planMilestone', key, title: 'T', dueDate: '2025-01-01' }, registered())).toHaveLength(1);
  });

  it.each(['a', 'Design', '1st', 'in-service', '设计', 'x'.repeat(41), 7])('refuses key #%# (%p)', (key) => {
    const error = refusal({ type: 'planMilestone', key: untyped(key), title: 'T', dueDate: '2025-01-01' }, registered());
    expect(error).toMatchObject({ kind: 'invalid', code: 'INVALID_MILESTONE_KEY', field: 'key' });
    expect(error.message).toMatch(/^key must be lower snake case/);
  });

  it('refuses a key that is already planned', () => {
    const error = refusal({ type: 'planMilestone', key: 'design', dueDate: '2025-12-01' }, registered(), planned('design', '2025-01-01'));
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'MILESTONE_ALREADY_PLANNED', field: 'key' });
  });

  it('accepts a due date in the past or the future', () => {
    expect(when({ type: 'planMilestone', key: 'approval', dueDate: '2021-01-31' }, registered())).toHaveLength(1);
    expect(when({ type: 'planMilestone', key: 'in_service', dueDate: '2027-12-31' }, registered())).toHaveLength(1);
  });

  it.each(['2025-02-29', '2025-09-31', 'tomorrow', ''])('refuses due date %p', (dueDate) => {
    expect(refusal({ type: 'planMilestone', key: 'design', dueDate }, registered())).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_DATE',
      field: 'dueDate',
    });
  });
});

describe('startMilestone', () => {
  const given = [registered(), planned('groundbreaking', '2025-05-31')];

  it('starts a planned milestone', () => {
    expect(when({ type: 'startMilestone', key: 'groundbreaking', startedOn: '2025-05-20' }, ...given)).toEqual([
      { type: 'milestone.started', data: { key: 'groundbreaking', startedOn: '2025-05-20' } },
    ]);
  });

  it('accepts today and dates long past', () => {
    expect(when({ type: 'startMilestone', key: 'groundbreaking', startedOn: TODAY }, ...given)).toHaveLength(1);
    expect(when({ type: 'startMilestone', key: 'groundbreaking', startedOn: '2021-03-01' }, ...given)).toHaveLength(1);
  });

  it('refuses a date after today', () => {
    const error = refusal({ type: 'startMilestone', key: 'groundbreaking', startedOn: '2025-06-16' }, ...given);
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'DATE_IN_FUTURE', field: 'startedOn' });
    expect(error.message).toBe('startedOn 2025-06-16 is after today (2025-06-15)');
  });

  it('refuses a milestone that is not planned', () => {
    expect(refusal({ type: 'startMilestone', key: 'design', startedOn: '2025-05-20' }, ...given)).toMatchObject({
      kind: 'not_found',
      code: 'MILESTONE_NOT_FOUND',
      field: 'key',
    });
  });

  it('refuses a second start', () => {
    const command: ProjectCommand = { type: 'startMilestone', key: 'groundbreaking', startedOn: '2025-06-01' };
    const error = refusal(command, ...given, started('groundbreaking', '2025-05-20'));
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'MILESTONE_ALREADY_STARTED', field: 'key' });
  });

  it('refuses a completed milestone', () => {
    const command: ProjectCommand = { type: 'startMilestone', key: 'groundbreaking', startedOn: '2025-05-01' };
    const error = refusal(command, ...given, completed('groundbreaking', '2025-05-20'));
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'MILESTONE_ALREADY_COMPLETED', field: 'key' });
  });

  it('refuses a date that is not real', () => {
    expect(refusal({ type: 'startMilestone', key: 'groundbreaking', startedOn: '2025-04-31' }, ...given)).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_DATE',
      field: 'startedOn',
    });
  });
});

describe('completeMilestone', () => {
  const given = [registered(), planned('acceptance', '2025-06-30'), started('acceptance', '2025-06-01')];

  it('completes a started milestone with a trimmed note', () => {
    expect(when({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025-06-10', note: ' 五方验收 ' }, ...given)).toEqual([
      { type: 'milestone.completed', data: { key: 'acceptance', completedOn: '2025-06-10', note: '五方验收' } },
    ]);
  });

  it('completes on the day it started, and without a note', () => {
    const [event] = when({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025-06-01' }, ...given);
    expect(event.data).toEqual({ key: 'acceptance', completedOn: '2025-06-01', note: null });
  });

  it('completes an unstarted milestone, recording only the completion', () => {
    const command: ProjectCommand = { type: 'completeMilestone', key: 'approval', completedOn: '2023-11-02' };
    const events = when(command, registered(), planned('approval', '2023-12-31'));
    expect(events).toEqual([{ type: 'milestone.completed', data: { key: 'approval', completedOn: '2023-11-02', note: null } }]);
  });

  it('refuses a second completion', () => {
    const command: ProjectCommand = { type: 'completeMilestone', key: 'acceptance', completedOn: '2025-06-12' };
    const error = refusal(command, ...given, completed('acceptance', '2025-06-10'));
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'MILESTONE_ALREADY_COMPLETED', field: 'key' });
    expect(error.message).toContain('2025-06-10');
  });

  it('refuses a completion date after today', () => {
    expect(refusal({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025-07-01' }, ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'DATE_IN_FUTURE',
      field: 'completedOn',
    });
  });

  it('refuses a completion before the start', () => {
    const error = refusal({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025-05-31' }, ...given);
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'COMPLETED_BEFORE_STARTED', field: 'completedOn' });
  });

  it('refuses a milestone that is not planned', () => {
    expect(refusal({ type: 'completeMilestone', key: 'in_service', completedOn: '2025-06-10' }, ...given)).toMatchObject({
      kind: 'not_found',
      code: 'MILESTONE_NOT_FOUND',
    });
  });

  it('refuses a date that is not real', () => {
    expect(refusal({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025/06/10' }, ...given)).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_DATE',
      field: 'completedOn',
    });
  });

  it('accepts a note of 500 characters and refuses 501', () => {
    const complete = (note: string): ProjectCommand => ({ type: 'completeMilestone', key: 'acceptance', completedOn: '2025-06-10', note });
    expect(when(complete('注'.repeat(500)), ...given)).toHaveLength(1);
    expect(refusal(complete('注'.repeat(501)), ...given)).toMatchObject({
      kind: 'invalid',
      code: 'NOTE_TOO_LONG',
      field: 'note',
    });
  });
});
