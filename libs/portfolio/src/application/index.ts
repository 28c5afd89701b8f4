export * from './clock.token.js';
export * from './command-context.js';
export * from './execute-project-command.js';
export * from './portfolio.module.js';
export * from './project-command-executor.js';
export * from './project-repository.js';
export * from './get-project.query.js';
export * from './project-view.js';
