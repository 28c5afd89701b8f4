export * from './queue-names.js';
export * from './queues.module.js';
export * from './redis-client.js';
