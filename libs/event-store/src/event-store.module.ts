import { Global, Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '#libs/database';
import { EventStore } from './event-store.js';
import { EventUpcasters } from './event-upcasters.js';

@Global()
@Module({
  providers: [
    { provide: EventUpcasters, useFactory: () => new EventUpcasters() },
    { provide: EventStore, inject: [PG_POOL, EventUpcasters], useFactory: (pool: Pool, upcasters: EventUpcasters) => new EventStore(pool, upcasters) },
  ],
  exports: [EventStore, EventUpcasters],
})
export class EventStoreModule {}
