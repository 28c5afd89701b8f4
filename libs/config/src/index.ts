export * from './environment.js';
export * from './environment.module.js';
