export * from './event-envelope.js';
export * from './event-store-errors.js';
export * from './event-upcasters.js';
export * from './event-store.js';
export * from './log-stall.js';
export * from './event-store.module.js';
