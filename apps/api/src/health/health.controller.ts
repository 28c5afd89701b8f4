import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import { Environment } from '#libs/config';
import { Public } from '../auth/access.decorators.js';
import { presentsMetricsToken } from '../auth/metrics-token.js';
import { RequestAuthentication } from '../auth/request-authentication.js';
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
    private readonly authentication: RequestAuthentication,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Up or down (200 or 503) for anyone — a load balancer; the details (PostgreSQL, Redis, the worker, whether readers of the event log are held back, projection lag) only for a signed-in user or the metrics token',
  })
  async check(@Req() request: FastifyRequest) {
    const detailed = presentsMetricsToken(request, this.env) || (await this.authentication.authenticate(request)) !== undefined;
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: 2000 }),
        () => this.redis.checkRedis(),
        () => this.eventLog.check(),
        () => this.projections.check(),
        () => this.redis.checkWorker(),
      ]);
      return detailed ? result : { status: result.status };
    } catch (error) {
      if (detailed || !(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException({ status: 'error' });
    }
  }
}
