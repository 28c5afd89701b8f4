export * from './correlation.js';
export * from './correlation-logger.js';
