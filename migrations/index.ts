import { EventStore1764370000000 } from './1764370000000-event-store.js';

/** Every migration, oldest first. Never edit one once it is committed: add a new one. */
export const MIGRATIONS = [EventStore1764370000000];
