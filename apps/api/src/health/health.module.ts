import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueuesModule } from '#libs/queues';
import { EventLogHealth } from './event-log.health.js';
import { ProjectionsHealth } from './projections.health.js';
import { RedisHealth } from './redis.health.js';

/** The health indicators; HealthController is the API module's, since it asks the sign-in who is asking. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), QueuesModule],
  providers: [EventLogHealth, ProjectionsHealth, RedisHealth],
  exports: [TerminusModule, EventLogHealth, ProjectionsHealth, RedisHealth],
})
export class HealthModule {}
