import { Inject, Injectable } from '@nestjs/common';
import { Environment } from '#libs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisClient, workerHeartbeatKey } from '#libs/queues';

@Injectable()
export class RedisHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redisClient: RedisClient,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async checkRedis() {
    const indicator = this.indicators.check('redis');
    try {
      const pong = await this.redisClient.redis.ping();
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The worker refreshes its heartbeat through a BullMQ job; a missing one means no worker is processing jobs. */
  async checkWorker() {
    const indicator = this.indicators.check('worker');
    const lastHeartbeat = await this.redisClient.redis.get(workerHeartbeatKey(this.env.QUEUE_PREFIX)).catch(() => null);
    return lastHeartbeat
      ? indicator.up({ lastHeartbeat })
      : indicator.degraded({ message: 'no worker heartbeat in the last 30 s: is the worker running?' });
  }
}
