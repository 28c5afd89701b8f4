import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { PG_POOL } from '#libs/database';
import { projectionLags, type ProjectionLag } from '#libs/projections';

/** This app's own registry: process metrics, the end of the event log and how far each projector trails it, read at scrape time. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private reading?: Promise<ProjectionLag[]>;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {
    collectDefaultMetrics({ register: this.registry });
    this.projectionGauge('taizhang_projection_position', 'Log position up to which the projector has applied events', (lag) => lag.position);
    this.projectionGauge('taizhang_projection_lag_events', 'Events in the log the projector has not applied yet', (lag) => lag.lastPosition - lag.position);
    this.projectionGauge('taizhang_projection_lag_seconds', 'Age in seconds of the oldest event the projector has not applied', (lag) => lag.lagSeconds);
    const logEnd = () => this.logEnd();
    new Gauge({
      name: 'taizhang_event_log_position',
      help: 'Position of the last event in the log',
      registers: [this.registry],
      async collect() {
        this.set(await logEnd());
      },
    });
  }

  private projectionGauge(name: string, help: string, value: (lag: ProjectionLag) => number): void {
    const lags = () => this.lags();
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        const current = await lags();
        this.reset();
        for (const lag of current) this.set({ projection: lag.projection }, value(lag));
      },
    });
  }

  /** One read per scrape, shared by the projection gauges (the registry collects them all at once). */
  private lags(): Promise<ProjectionLag[]> {
    this.reading ??= projectionLags(this.pool).finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async logEnd(): Promise<number> {
    const { rows } = await this.pool.query('SELECT coalesce(max(position), 0)::text AS position FROM events');
    return Number(rows[0].position);
  }
}
