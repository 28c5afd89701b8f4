import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { isStalled, logStallReport } from '#libs/event-store';
import { projectionLags } from '#libs/projections';

/** Degraded when committed events wait behind a transaction open longer than LOG_STALL_SECONDS. */
@Injectable()
export class EventLogHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async check() {
    const indicator = this.indicators.check('eventLog');
    try {
      const report = await logStallReport(this.pool);
      if (isStalled(report, this.env.LOG_STALL_SECONDS)) {
        return indicator.degraded({
          message: `readers of the log are held back by a transaction open for ${report.oldestOpenTransaction?.ageSeconds} s`,
          ...report,
        });
      }
      return indicator.up({ ...report });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

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
