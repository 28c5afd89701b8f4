import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueuesModule } from '#libs/queues';
import { EventLogHealth } from './event-log.health.js';
import { ProjectionsHealth } from './projections.health.js';
import { HealthController } from './health.controller.js';
import { RedisHealth } from './redis.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), QueuesModule],
  controllers: [HealthController],
  providers: [EventLogHealth, ProjectionsHealth, RedisHealth],
})
export class HealthModule {}
