import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { EventStore } from '#libs/event-store';
import { applyBatch } from './apply-batch.js';
import type { Projector } from './projector.js';
import { Wakeup } from './wakeup.js';

export const EVENTS_CHANNEL = 'taizhang_events';

export interface RunnerOptions {
  batchSize: number;
  /** Longest wait for a notification before looking at the log anyway (held-back events need it). */
  pollMs: number;
  /** How often a standby runner tries to take the lease. */
  leaseRetryMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { batchSize: 500, pollMs: 1000, leaseRetryMs: 1000 };

/**
 * Runs one projector: holds its lease (a session advisory lock, so a dead worker's lease ends
 * with its connection), wakes on NOTIFY from the events table, and applies batches, each in one
 * transaction with the checkpoint. The checkpoint row is locked for the batch, so even two
 * runners that both believe they hold the lease cannot apply the same events twice.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly wakeup = new Wakeup();
  private readonly options: RunnerOptions;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private leaseClient: PoolClient | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    readonly projector: Projector,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...DEFAULT_RUNNER_OPTIONS, ...options };
    this.logger = new Logger(`Projection:${projector.name}`);
  }

  get holdsLease(): boolean {
    return this.leaseClient !== null;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.notify();
    await this.loop;
    this.loop = null;
  }

  /** Applies at most one batch; returns how many events it applied. */
  async runBatch(): Promise<number> {
    const tx = await this.pool.connect();
    const ignore = () => undefined; // a dying connection also emits 'error'; the failed query reports it
    tx.on('error', ignore);
    let broken = false;
    try {
      await tx.query('BEGIN');
      const applied = await applyBatch(tx, this.store, this.projector, this.options.batchSize);
      await tx.query('COMMIT');
      return applied;
    } catch (error) {
      broken = true;
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.off('error', ignore);
      tx.release(broken);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.leaseClient && !(await this.takeLease())) {
          await this.wakeup.sleep(this.options.leaseRetryMs);
          continue;
        }
        const applied = await this.runBatch();
        if (applied < this.options.batchSize) await this.wakeup.sleep(this.options.pollMs);
      } catch (error) {
        if (this.pool.ending || this.pool.ended) break;
        this.logger.error(`batch failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await this.wakeup.sleep(this.options.pollMs);
      }
    }
    await this.releaseLease();
  }

  private async takeLease(): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [`projection:${this.projector.name}`]);
      if (!rows[0].taken) {
        client.release();
        return false;
      }
      client.on('notification', () => this.wakeup.notify());
      client.on('error', () => this.loseLease(client));
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.leaseClient = client;
      this.logger.log('took the lease');
      return true;
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  private loseLease(client: PoolClient): void {
    if (this.leaseClient !== client) return;
    this.logger.warn('lost the lease connection');
    this.leaseClient = null;
    client.release(true);
  }

  private async releaseLease(): Promise<void> {
    const client = this.leaseClient;
    if (!client) return;
    this.leaseClient = null;
    try {
      await client.query(`UNLISTEN ${EVENTS_CHANNEL}`);
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`projection:${this.projector.name}`]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}
