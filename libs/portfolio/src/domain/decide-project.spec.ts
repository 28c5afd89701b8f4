import { decideProject } from './decide-project.js';
import { DomainError } from './domain-error.js';
import type { ProjectCommand } from './project-commands.js';
import { foldProject } from './project-state.js';
import {
  TODAY,
  cancelled,
  completed,
  planned,
  refusal,
  registered,
  resumed,
  started,
  suspended,
  untyped,
  when,
} from './testing/project-fixtures.js';

// TODAY is 2025-06-15. The project has `design` planned and started, `acceptance` planned.
const project = [registered(), planned('design', '2025-03-31'), started('design', '2025-02-01'), planned('acceptance', '2025-12-31')];

const everyCommandButRegister: [string, ProjectCommand][] = [
  ['plan', { type: 'planMilestone', key: 'in_service', dueDate: '2026-03-31' }],
  ['start', { type: 'startMilestone', key: 'acceptance', startedOn: '2025-06-01' }],
  ['complete', { type: 'completeMilestone', key: 'design', completedOn: '2025-06-01' }],
  ['reschedule', { type: 'rescheduleMilestone', key: 'acceptance', dueDate: '2026-01-31', reason: '延期' }],
  ['correct', { type: 'correctMilestoneDate', key: 'design', field: 'startedOn', date: '2025-01-20', reason: '录错' }],
  ['suspend', { type: 'suspendProject', reason: '资金未到位' }],
  ['resume', { type: 'resumeProject' }],
  ['cancel', { type: 'cancelProject', reason: '规划调整' }],
];
const everyCommandButResume = everyCommandButRegister.filter(([name]) => name !== 'resume');
const everyCommandButSuspendAndResume = everyCommandButResume.filter(([name]) => name !== 'suspend');

describe('decideProject: the project must exist', () => {
  it.each(everyCommandButRegister)('%s on an unknown project is not found', (_name, command) => {
    const error = refusal(command);
    expect(error).toMatchObject({ kind: 'not_found', code: 'PROJECT_NOT_FOUND', field: 'projectId' });
  });

  it('validates the input before looking for the project (400 before 404)', () => {
    expect(refusal({ type: 'startMilestone', key: 'Design', startedOn: '2025-06-01' })).toMatchObject({ code: 'INVALID_MILESTONE_KEY' });
  });
});

describe('decideProject: nothing at all on a cancelled project', () => {
  it.each(everyCommandButRegister)('%s is refused', (_name, command) => {
    expect(refusal(command, ...project, cancelled())).toMatchObject({ kind: 'rule_violation', code: 'PROJECT_CANCELLED' });
  });

  it('registering the id again is a conflict, like any existing id', () => {
    const register: ProjectCommand = { ...(registered().data as object), type: 'registerProject' } as ProjectCommand;
    expect(refusal(register, ...project, cancelled())).toMatchObject({ kind: 'conflict', code: 'PROJECT_ALREADY_EXISTS' });
  });
});

describe('decideProject: nothing but resume on a suspended project', () => {
  it.each(everyCommandButResume)('%s is refused', (_name, command) => {
    expect(refusal(command, ...project, suspended())).toMatchObject({ kind: 'rule_violation', code: 'PROJECT_SUSPENDED' });
  });

  it.each(everyCommandButSuspendAndResume)('%s is accepted again after resume', (_name, command) => {
    expect(when(command, ...project, suspended(), resumed())).toHaveLength(1);
  });
});

describe('suspendProject', () => {
  it('suspends with a trimmed reason', () => {
    expect(when({ type: 'suspendProject', reason: ' 资金未到位 ' }, ...project)).toEqual([
      { type: 'project.suspended', data: { reason: '资金未到位' } },
    ]);
  });

  it('suspends a project with no milestones (it is not completed)', () => {
    expect(when({ type: 'suspendProject', reason: '待定' }, registered())).toHaveLength(1);
  });

  it('refuses a missing reason, and one over 500 characters', () => {
    expect(refusal({ type: 'suspendProject', reason: '' }, ...project)).toMatchObject({
      kind: 'rule_violation',
      code: 'REASON_REQUIRED',
      field: 'reason',
    });
    expect(refusal({ type: 'suspendProject', reason: '因'.repeat(501) }, ...project)).toMatchObject({
      kind: 'invalid',
      code: 'REASON_TOO_LONG',
    });
  });

  it('refuses a completed project', () => {
    const done = [registered(), planned('acceptance', '2025-05-31'), completed('acceptance', '2025-05-30')];
    const error = refusal({ type: 'suspendProject', reason: '资金' }, ...done);
    expect(error).toMatchObject({ kind: 'rule_violation', code: 'PROJECT_COMPLETED' });
    expect(error.message).toContain('cannot be suspended');
  });
});

describe('resumeProject', () => {
  it('resumes a suspended project, with or without a reason', () => {
    expect(when({ type: 'resumeProject' }, ...project, suspended())).toEqual([{ type: 'project.resumed', data: { reason: null } }]);
    expect(when({ type: 'resumeProject', reason: ' 资金到位 ' }, ...project, suspended())).toEqual([
      { type: 'project.resumed', data: { reason: '资金到位' } },
    ]);
  });

  it('refuses a project that is not suspended (also after a resume)', () => {
    expect(refusal({ type: 'resumeProject' }, ...project)).toMatchObject({ kind: 'rule_violation', code: 'PROJECT_NOT_SUSPENDED' });
    expect(refusal({ type: 'resumeProject' }, ...project, suspended(), resumed())).toMatchObject({ code: 'PROJECT_NOT_SUSPENDED' });
  });

  it('refuses a reason over 500 characters', () => {
    expect(refusal({ type: 'resumeProject', reason: '因'.repeat(501) }, ...project, suspended())).toMatchObject({
      kind: 'invalid',
      code: 'REASON_TOO_LONG',
    });
  });
});

describe('cancelProject', () => {
  it('cancels a project in progress or not started', () => {
    expect(when({ type: 'cancelProject', reason: '规划调整' }, ...project)).toEqual([
      { type: 'project.cancelled', data: { reason: '规划调整' } },
    ]);
    expect(when({ type: 'cancelProject', reason: '规划调整' }, registered(), planned('design', '2025-03-31'))).toHaveLength(1);
  });

  it('refuses a missing reason', () => {
    expect(refusal({ type: 'cancelProject', reason: untyped(null) }, ...project)).toMatchObject({
      kind: 'rule_violation',
      code: 'REASON_REQUIRED',
      field: 'reason',
    });
  });

  it('refuses a completed project, but not one with a milestone still open', () => {
    const done = [registered(), planned('design', '2025-03-31'), completed('design', '2025-03-01')];
    expect(refusal({ type: 'cancelProject', reason: '撤销' }, ...done)).toMatchObject({
      kind: 'rule_violation',
      code: 'PROJECT_COMPLETED',
    });
    expect(when({ type: 'cancelProject', reason: '撤销' }, ...done, planned('acceptance', '2025-12-31'))).toHaveLength(1);
  });
});

describe('decideProject: general', () => {
  it('refuses an unknown command type', () => {
    expect(refusal(untyped({ type: 'deleteProject' }), ...project)).toMatchObject({
      kind: 'invalid',
      code: 'UNKNOWN_COMMAND',
      field: 'type',
    });
  });

  it('treats a malformed today as a programming error, not a domain refusal', () => {
    const call = () => decideProject({ type: 'resumeProject' }, foldProject(project), '2025-6-15');
    expect(call).toThrow('today must be a calendar date');
    expect(call).not.toThrow(DomainError);
  });

  it('decides without changing the state it was given', () => {
    const state = foldProject(project);
    const before = JSON.stringify(state);
    decideProject({ type: 'startMilestone', key: 'acceptance', startedOn: TODAY }, state, TODAY);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('gives every refusal a DomainError whose message names the field', () => {
    const error = refusal({ type: 'planMilestone', key: 'design', dueDate: '2025-02-30' }, ...project);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message.startsWith(`${error.field}`)).toBe(true);
  });
});
