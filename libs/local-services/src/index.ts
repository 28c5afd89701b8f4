export * from './free-port.js';
export * from './local-mail-catcher.js';
export * from './local-postgres.js';
export * from './local-redis.js';
export * from './owned-child.js';
