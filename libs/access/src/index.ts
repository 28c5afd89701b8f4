export * from './demo-users.js';
export * from './passwords.js';
export * from './project-permissions.js';
export * from './roles.js';
export * from './users.js';
