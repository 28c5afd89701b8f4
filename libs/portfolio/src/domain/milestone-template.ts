import type { ProjectAction } from './project-action.js';

/** The milestone template of design §1, in the order a project passes them. */
export const MILESTONE_TEMPLATE = [
  { key: 'approval', title: '立项批复' },
  { key: 'design', title: '设计完成' },
  { key: 'groundbreaking', title: '开工' },
  { key: 'topping_out', title: '主体封顶' },
  { key: 'acceptance', title: '竣工验收' },
  { key: 'in_service', title: '交付使用' },
] as const;

export type TemplateMilestoneKey = (typeof MILESTONE_TEMPLATE)[number]['key'];

/** Milestone keys are stable identifiers: lower snake case, 2–40 characters. */
export const MILESTONE_KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

const RENOVATION_SKIPS: readonly TemplateMilestoneKey[] = ['design', 'topping_out'];
const OPENING_KEEPS: readonly TemplateMilestoneKey[] = ['acceptance', 'in_service'];

/** A renovation (改造提升) skips design and topping out; an opening (启用) has only acceptance and in service. */
export function templateFor(action: ProjectAction): { key: TemplateMilestoneKey; title: string }[] {
  return MILESTONE_TEMPLATE.filter((m) => {
    if (action === '启用') return OPENING_KEEPS.includes(m.key);
    if (action === '改造提升') return !RENOVATION_SKIPS.includes(m.key);
    return true;
  }).map((m) => ({ key: m.key, title: m.title }));
}

export function templateTitle(key: string): string | undefined {
  return MILESTONE_TEMPLATE.find((m) => m.key === key)?.title;
}
