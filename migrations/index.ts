import { EventStore1764370000000 } from './1764370000000-event-store.js';
import { Projections1764400000000 } from './1764400000000-projections.js';
import { PortfolioReadModels1764500000000 } from './1764500000000-portfolio-read-models.js';
import { AlertOutbox1764600000000 } from './1764600000000-alert-outbox.js';
import { Users1764700000000 } from './1764700000000-users.js';
import { SessionGenerations1764800000000 } from './1764800000000-session-generations.js';
import { Security1764900000000 } from './1764900000000-security.js';

/** Every migration, oldest first. Never edit one once it is committed: add a new one. */
export const MIGRATIONS = [
  EventStore1764370000000,
  Projections1764400000000,
  PortfolioReadModels1764500000000,
  AlertOutbox1764600000000,
  Users1764700000000,
  SessionGenerations1764800000000,
  Security1764900000000,
];
