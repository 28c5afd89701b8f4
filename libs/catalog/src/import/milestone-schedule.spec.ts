import { scheduleMilestones } from './milestone-schedule.js';

describe('due dates of a catalog project', () => {
  it('spreads the six template milestones of a new building over the window, ending on the deadline', () => {
    expect(scheduleMilestones('新建', '2021-01-01', '2025-12-31')).toEqual([
      { key: 'approval', title: '立项批复', dueDate: '2021-10-31' },
      { key: 'design', title: '设计完成', dueDate: '2022-08-31' },
      { key: 'groundbreaking', title: '开工', dueDate: '2023-06-30' },
      { key: 'topping_out', title: '主体封顶', dueDate: '2024-04-30' },
      { key: 'acceptance', title: '竣工验收', dueDate: '2025-02-28' },
      { key: 'in_service', title: '交付使用', dueDate: '2025-12-31' },
    ]);
  });

  it('plans only acceptance and in service for an opening, and skips design and topping out for a renovation', () => {
    expect(scheduleMilestones('启用', '2021-01-01', '2022-12-31').map((m) => [m.key, m.dueDate])).toEqual([
      ['acceptance', '2021-12-31'],
      ['in_service', '2022-12-31'],
    ]);
    expect(scheduleMilestones('改造提升', '2021-01-01', '2025-12-31').map((m) => m.key)).toEqual([
      'approval',
      'groundbreaking',
      'acceptance',
      'in_service',
    ]);
  });

  it('never puts a milestone after the deadline, even in a window shorter than a month', () => {
    const schedule = scheduleMilestones('新建', '2025-12-01', '2025-12-20');
    expect(schedule.every((m) => m.dueDate <= '2025-12-20')).toBe(true);
    expect(schedule.at(-1)?.dueDate).toBe('2025-12-20');
  });
});
