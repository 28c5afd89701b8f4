import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { projectionLags } from '#libs/projections';

/** Degraded when a projector has left an event unapplied for longer than PROJECTION_LAG_SECONDS. */
@Injectable()
export class ProjectionsHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async check() {
    const indicator = this.indicators.check('projections');
    try {
      const lags = await projectionLags(this.pool);
      const behind = lags.filter((lag) => lag.lagSeconds > this.env.PROJECTION_LAG_SECONDS);
      const details = Object.fromEntries(lags.map(({ projection, ...lag }) => [projection, lag]));
      return behind.length > 0
        ? indicator.degraded({ message: `behind the log: ${behind.map((b) => b.projection).join(', ')}`, ...details })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
