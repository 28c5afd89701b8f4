import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '#libs/database';
import { EventStore } from '#libs/event-store';
import { ProjectionRunner, PortfolioProjector } from '#libs/projections';

/** Runs every projector of the worker; each takes its own lease, so several workers can run side by side. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: ProjectionRunner[];

  constructor(@Inject(PG_POOL) pool: Pool, store: EventStore) {
    this.runners = [new ProjectionRunner(pool, store, new PortfolioProjector())];
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
  }

  /** Before the pool closes: a runner holds its lease connection until it stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}
