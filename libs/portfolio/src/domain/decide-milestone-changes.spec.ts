import type { ProjectCommand } from './project-commands.js';
import { completed, planned, refusal, registered, rescheduled, started, untyped, when } from './testing/project-fixtures.js';

// TODAY is 2025-06-15.

describe('rescheduleMilestone', () => {
  const given = [registered(), planned('topping_out', '2025-08-31')];
  const reschedule = (dueDate: string, reason: string): ProjectCommand => ({
    type: 'rescheduleMilestone',
    key: 'topping_out',
    dueDate,
    reason,
  });

  it('moves the due date, recording the previous one and the trimmed reason', () => {
    expect(when(reschedule('2025-10-31', ' 雨季停工 '), ...given)).toEqual([
      {
        type: 'milestone.rescheduled',
        data: { key: 'topping_out', previousDueDate: '2025-08-31', dueDate: '2025-10-31', reason: '雨季停工' },
      },
    ]);
  });

  it('takes the previous due date from the latest reschedule', () => {
    const [event] = when(reschedule('2025-12-31', '再次延期'), ...given, rescheduled('topping_out', '2025-08-31', '2025-10-31'));
    expect(event.data).toMatchObject({ previousDueDate: '2025-10-31', dueDate: '2025-12-31' });
  });

  it('reschedules a started milestone, and to an earlier or past date', () => {
    expect(when(reschedule('2025-06-01', '提前'), ...given, started('topping_out', '2025-05-01'))).toHaveLength(1);
  });

  it('refuses a completed milestone', () => {
    const error = refusal(reschedule('2025-10-31', '延期'), ...given, completed('topping_out', '2025-06-01'));
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'MILESTONE_ALREADY_COMPLETED', field: 'key' });
  });

  it.each(['', '   ', undefined])('refuses a missing reason (%p) as a business rule', (reason) => {
    const error = refusal(reschedule('2025-10-31', untyped(reason)), ...given);
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'REASON_REQUIRED', field: 'reason' });
    expect(error.message).toBe('reason must not be empty');
  });

  it('accepts a reason of 500 characters and refuses 501', () => {
    expect(when(reschedule('2025-10-31', '因'.repeat(500)), ...given)).toHaveLength(1);
    expect(refusal(reschedule('2025-10-31', '因'.repeat(501)), ...given)).toMatchObject({
      kind: 'invalid',
      code: 'REASON_TOO_LONG',
      field: 'reason',
    });
  });

  it('refuses the current due date', () => {
    expect(refusal(reschedule('2025-08-31', '无变化'), ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'RESCHEDULE_SAME_DATE',
      field: 'dueDate',
    });
  });

  it('refuses a due date that is not real, and a milestone that is not planned', () => {
    expect(refusal(reschedule('2025-11-31', '延期'), ...given)).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_DATE',
      field: 'dueDate',
    });
    const unknown: ProjectCommand = { type: 'rescheduleMilestone', key: 'design', dueDate: '2025-10-31', reason: '延期' };
    expect(refusal(unknown, ...given)).toMatchObject({ kind: 'not_found', code: 'MILESTONE_NOT_FOUND', field: 'key' });
  });
});

describe('correctMilestoneDate', () => {
  const plannedAndStarted = [registered(), planned('groundbreaking', '2025-03-31'), started('groundbreaking', '2025-03-10')];
  const given = [...plannedAndStarted, completed('groundbreaking', '2025-04-20')];
  const correct = (field: string, date: string, reason = '录入错误'): ProjectCommand => ({
    type: 'correctMilestoneDate',
    key: 'groundbreaking',
    field,
    date,
    reason,
  });

  it('corrects a completion date, recording the previous date', () => {
    expect(when(correct('completedOn', '2025-04-02', ' 以竣工报告为准 '), ...given)).toEqual([
      {
        type: 'milestone.date_corrected',
        data: {
          key: 'groundbreaking',
          field: 'completedOn',
          previousDate: '2025-04-20',
          date: '2025-04-02',
          reason: '以竣工报告为准',
        },
      },
    ]);
  });

  it('corrects a start date', () => {
    const [event] = when(correct('startedOn', '2025-03-01'), ...given);
    expect(event.data).toMatchObject({ field: 'startedOn', previousDate: '2025-03-10', date: '2025-03-01' });
  });

  it('refuses a field that is not recorded yet', () => {
    const error = refusal(correct('completedOn', '2025-04-02'), ...plannedAndStarted);
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'DATE_NOT_RECORDED', field: 'field' });
    expect(refusal(correct('startedOn', '2025-04-02'), registered(), planned('groundbreaking', '2025-03-31'))).toMatchObject({
      code: 'DATE_NOT_RECORDED',
    });
  });

  it.each(['dueDate', 'completed_on', ''])('refuses field %p', (field) => {
    expect(refusal(correct(field, '2025-04-02'), ...given)).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_CORRECTION_FIELD',
      field: 'field',
    });
  });

  it('refuses the date already recorded', () => {
    expect(refusal(correct('startedOn', '2025-03-10'), ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'CORRECTION_SAME_DATE',
      field: 'date',
    });
  });

  it('refuses a correction without a reason', () => {
    expect(refusal(correct('completedOn', '2025-04-02', ' '), ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'REASON_REQUIRED',
      field: 'reason',
    });
  });

  it('refuses a corrected date after today, and accepts today', () => {
    expect(refusal(correct('completedOn', '2025-06-16'), ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'DATE_IN_FUTURE',
      field: 'date',
    });
    expect(when(correct('completedOn', '2025-06-15'), ...given)).toHaveLength(1);
  });

  it('keeps completedOn on or after startedOn, from either side', () => {
    expect(refusal(correct('completedOn', '2025-03-09'), ...given)).toMatchObject({
      kind: 'rule_violation',
      code: 'COMPLETED_BEFORE_STARTED',
      field: 'date',
    });
    expect(refusal(correct('startedOn', '2025-04-21'), ...given)).toMatchObject({ code: 'COMPLETED_BEFORE_STARTED', field: 'date' });
    expect(when(correct('startedOn', '2025-04-20'), ...given)).toHaveLength(1);
    expect(when(correct('completedOn', '2025-03-10'), ...given)).toHaveLength(1);
  });

  it('corrects a completion that was recorded without a start', () => {
    const completedUnstarted = [registered(), planned('groundbreaking', '2025-03-31'), completed('groundbreaking', '2025-01-15')];
    const events = when(correct('completedOn', '2025-01-05'), ...completedUnstarted);
    expect(events[0].data).toMatchObject({ previousDate: '2025-01-15', date: '2025-01-05' });
  });

  it('refuses a date that is not real, and a milestone that is not planned', () => {
    expect(refusal(correct('completedOn', '2025-02-30'), ...given)).toMatchObject({ kind: 'invalid', code: 'INVALID_DATE', field: 'date' });
    const unknown: ProjectCommand = { type: 'correctMilestoneDate', key: 'design', field: 'startedOn', date: '2025-01-01', reason: '错' };
    expect(refusal(unknown, ...given)).toMatchObject({ kind: 'not_found', code: 'MILESTONE_NOT_FOUND', field: 'key' });
  });

  it('refuses a reason longer than 500 characters', () => {
    expect(refusal(correct('completedOn', '2025-04-02', '错'.repeat(501)), ...given)).toMatchObject({
      kind: 'invalid',
      code: 'REASON_TOO_LONG',
    });
  });
});
