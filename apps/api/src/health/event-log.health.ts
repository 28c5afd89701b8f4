import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { isStalled, logStallReport } from '#libs/event-store';

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
