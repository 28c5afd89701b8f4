export * from './checkpoints.js';
export * from './projection-runner.js';
export * from './projector.js';
export * from './project-summary/project-rows.js';
export * from './project-summary/project-summary.projector.js';
export * from './projection-lag.js';
export * from './queries/rag-thresholds.js';
export * from './queries/project-list.query.js';
