import type { ProjectEvent } from './project-events.js';
import { evolve, foldProject } from './project-state.js';
import {
  PROJECT_ID,
  cancelled,
  completed,
  planned,
  registered,
  rescheduled,
  resumed,
  started,
  suspended,
} from './testing/project-fixtures.js';

const corrected = (field: 'startedOn' | 'completedOn', previousDate: string, date: string): ProjectEvent => ({
  type: 'milestone.date_corrected',
  data: { key: 'groundbreaking', field, previousDate, date, reason: '录入错误' },
});

describe('foldProject', () => {
  it('is null for an empty stream', () => {
    expect(foldProject([])).toBeNull();
  });

  it('holds the registration facts, not suspended or cancelled, with no milestones', () => {
    expect(foldProject([registered()])).toEqual({
      id: PROJECT_ID,
      name: '滁州市第二实验小学新校区',
      county: 'langya',
      category: 'education',
      subType: '小学',
      action: '新建',
      plan: '滁州市"十四五"公共服务规划',
      sourceRef: '专栏4: 新建滁州市第二实验小学新校区',
      plannedStart: '2024-03-01',
      plannedCompletion: '2025-12-31',
      managerEmail: 'manager@example.org',
      suspended: false,
      suspensionReason: null,
      cancelled: false,
      cancellationReason: null,
      milestones: [],
    });
  });

  it('keeps milestones in planned order, not due-date order', () => {
    const state = foldProject([
      registered(),
      planned('in_service', '2026-01-31', '交付使用'),
      planned('approval', '2024-01-31', '立项批复'),
    ]);
    expect(state?.milestones.map((m) => m.key)).toEqual(['in_service', 'approval']);
    expect(state?.milestones[0]).toEqual({
      key: 'in_service',
      title: '交付使用',
      dueDate: '2026-01-31',
      originalDueDate: '2026-01-31',
      startedOn: null,
      completedOn: null,
      note: null,
      rescheduleCount: 0,
    });
  });

  it('records start, completion and note', () => {
    const state = foldProject([
      registered(),
      planned('groundbreaking', '2025-03-31'),
      started('groundbreaking', '2025-03-10'),
      completed('groundbreaking', '2025-04-20', '开工仪式'),
    ]);
    expect(state?.milestones[0]).toMatchObject({ startedOn: '2025-03-10', completedOn: '2025-04-20', note: '开工仪式' });
  });

  it('keeps the original due date across reschedules and counts them', () => {
    const state = foldProject([
      registered(),
      planned('groundbreaking', '2025-03-31'),
      rescheduled('groundbreaking', '2025-03-31', '2025-05-31'),
      rescheduled('groundbreaking', '2025-05-31', '2025-04-30'),
    ]);
    expect(state?.milestones[0]).toMatchObject({ dueDate: '2025-04-30', originalDueDate: '2025-03-31', rescheduleCount: 2 });
  });

  it('shows the corrected fact after a date correction', () => {
    const state = foldProject([
      registered(),
      planned('groundbreaking', '2025-03-31'),
      started('groundbreaking', '2025-03-10'),
      completed('groundbreaking', '2025-04-20'),
      corrected('completedOn', '2025-04-20', '2025-04-02'),
      corrected('startedOn', '2025-03-10', '2025-03-01'),
    ]);
    expect(state?.milestones[0]).toMatchObject({
      startedOn: '2025-03-01',
      completedOn: '2025-04-02',
      dueDate: '2025-03-31',
      rescheduleCount: 0,
    });
  });

  it('applies corrections in order: the last one wins', () => {
    const base = [registered(), planned('groundbreaking', '2025-03-31'), completed('groundbreaking', '2025-04-20')];
    const state = foldProject([
      ...base,
      corrected('completedOn', '2025-04-20', '2025-04-02'),
      corrected('completedOn', '2025-04-02', '2025-04-05'),
    ]);
    expect(state?.milestones[0].completedOn).toBe('2025-04-05');
  });

  it('tracks suspension, resumption and cancellation with their reasons', () => {
    expect(foldProject([registered(), suspended('资金未到位')])).toMatchObject({
      suspended: true,
      suspensionReason: '资金未到位',
    });
    expect(foldProject([registered(), suspended(), resumed('资金到位')])).toMatchObject({ suspended: false, suspensionReason: null });
    expect(foldProject([registered(), cancelled('规划调整')])).toMatchObject({ cancelled: true, cancellationReason: '规划调整' });
  });

  it('leaves earlier states untouched (evolve is pure)', () => {
    const before = foldProject([registered(), planned('design', '2025-03-31')]);
    const frozen = JSON.stringify(before);
    evolve(before, started('design', '2025-03-01'));
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('evolve on a corrupt stream', () => {
  it('throws on an event before registration', () => {
    expect(() => foldProject([planned('design', '2025-03-31')])).toThrow('milestone.planned before project.registered');
  });

  it('throws on a second registration', () => {
    expect(() => foldProject([registered(), registered()])).toThrow('registered twice');
  });

  it('throws on a milestone planned twice or not planned at all', () => {
    expect(() => foldProject([registered(), planned('design', '2025-03-31'), planned('design', '2025-04-30')])).toThrow('planned twice');
    expect(() => foldProject([registered(), started('design', '2025-03-01')])).toThrow('milestone design is not planned');
  });

  it('throws on an unknown event type', () => {
    const unknown = { type: 'project.renamed', data: {} } as unknown as ProjectEvent;
    expect(() => foldProject([registered(), unknown])).toThrow('unknown project event type project.renamed');
  });
});
