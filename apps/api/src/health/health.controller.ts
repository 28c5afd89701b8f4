import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access.decorators.js';
import { EventLogHealth } from './event-log.health.js';
import { ProjectionsHealth } from './projections.health.js';
import { RedisHealth } from './redis.health.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealth,
    private readonly eventLog: EventLogHealth,
    private readonly projections: ProjectionsHealth,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL, Redis, the worker, whether readers of the event log are held back, and projection lag' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      () => this.redis.checkRedis(),
      () => this.eventLog.check(),
      () => this.projections.check(),
      () => this.redis.checkWorker(),
    ]);
  }
}
