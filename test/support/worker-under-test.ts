import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Clock } from '#libs/portfolio';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import type { ApiUnderTest } from './api-under-test.js';
import { testRedisUrl } from './test-database.js';

/** Settings that make the alert worker quick to test: short retries, locks and sweeps. */
export const QUICK_ALERTS: Record<string, string> = {
  ALERT_RETRY_DELAY_MS: '100',
  ALERT_JOB_LOCK_MS: '1500',
  ALERT_OUTBOX_SWEEP_MS: '1000',
};

/** The real worker in this process, over the API's database and queue prefix. */
export function startWorker(api: ApiUnderTest, environment: Record<string, string>, clock?: Clock): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    WorkerModule.register({ DATABASE_URL: api.db.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: api.queuePrefix, ...QUICK_ALERTS, ...environment }, { clock }),
    { logger: false },
  );
}
