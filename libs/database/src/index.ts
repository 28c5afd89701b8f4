export * from './data-source-options.js';
export * from './migrate.js';
export * from './pg-pool.js';
export * from './database-url.js';
export * from './database.module.js';
