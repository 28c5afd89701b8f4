/** What the plan says will be done to a project; it decides the milestone template. */
export const PROJECT_ACTIONS = ['启用', '新建', '扩建', '改扩建', '改造提升', '推进建设', '迁建'] as const;

export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export function isProjectAction(value: unknown): value is ProjectAction {
  return typeof value === 'string' && (PROJECT_ACTIONS as readonly string[]).includes(value);
}
