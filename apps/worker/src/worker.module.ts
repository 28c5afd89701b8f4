import { type DynamicModule, Module } from '@nestjs/common';
import { EnvironmentModule } from '#libs/config';
import { DatabaseModule } from '#libs/database';
import { EventStoreModule } from '#libs/event-store';
import { QueuesModule } from '#libs/queues';
import { MIGRATIONS } from '#migrations';
import { WorkerHeartbeatProcessor } from './heartbeat/worker-heartbeat.processor.js';
import { ProjectionsService } from './projections/projections.service.js';

@Module({})
export class WorkerModule {
  static register(environment: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        EnvironmentModule.forRoot(environment),
        DatabaseModule.forRoot({ applicationName: 'taizhang-worker', migrations: MIGRATIONS }),
        EventStoreModule,
        QueuesModule,
      ],
      providers: [WorkerHeartbeatProcessor, ProjectionsService],
    };
  }
}
