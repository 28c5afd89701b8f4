import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { outboxHealth, type OutboxHealth } from '#libs/alerts';
import { PG_POOL } from '#libs/database';
import { projectionLags, type ProjectionLag } from '#libs/projections';

/** This app's own registry: process metrics, the end of the event log, how far each projector trails it and the alert outbox, read at scrape time. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private reading?: Promise<ProjectionLag[]>;
  private outboxReading?: Promise<OutboxHealth>;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {
    collectDefaultMetrics({ register: this.registry });
    this.projectionGauge('taizhang_projection_position', 'Log position up to which the projector has applied events', (lag) => lag.position);
    this.projectionGauge('taizhang_projection_lag_events', 'Events in the log the projector has not applied yet', (lag) => lag.lastPosition - lag.position);
    this.projectionGauge('taizhang_projection_lag_seconds', 'Age in seconds of the oldest event the projector has not applied', (lag) => lag.lagSeconds);
    this.outboxGauge('taizhang_alert_digests_pending', 'Alert digests written to the outbox and not sent yet', (o) => o.pending);
    this.outboxGauge('taizhang_alert_digests_failed', 'Alert digests given up on after their last SMTP attempt', (o) => o.failed);
    this.outboxGauge('taizhang_alert_oldest_pending_seconds', 'Seconds the oldest unsent alert digest has waited', (o) => o.oldestPendingSeconds);
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

  private outboxGauge(name: string, help: string, value: (outbox: OutboxHealth) => number): void {
    const outbox = () => this.outbox();
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(value(await outbox()));
      },
    });
  }

  private outbox(): Promise<OutboxHealth> {
    this.outboxReading ??= outboxHealth(this.pool).finally(() => (this.outboxReading = undefined));
    return this.outboxReading;
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
