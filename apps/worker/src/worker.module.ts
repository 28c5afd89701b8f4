import { type DynamicModule, Module } from '@nestjs/common';
import { Environment, EnvironmentModule } from '#libs/config';
import { DatabaseModule } from '#libs/database';
import { EventStoreModule } from '#libs/event-store';
import { CLOCK, systemClock, type Clock } from '#libs/portfolio';
import { QueuesModule } from '#libs/queues';
import { MIGRATIONS } from '#migrations';
import { AlertWorkers } from './alerts/alert-workers.service.js';
import { createMailTransport, MAIL_TRANSPORT } from './alerts/mail-transport.js';
import { AuditAnchoringService } from './audit/audit-anchoring.service.js';
import { WorkerHeartbeatProcessor } from './heartbeat/worker-heartbeat.processor.js';
import { ProjectionsService } from './projections/projections.service.js';

@Module({})
export class WorkerModule {
  static register(environment: Record<string, string | undefined> = {}, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        EnvironmentModule.forRoot(environment),
        DatabaseModule.forRoot({ applicationName: 'taizhang-worker', migrations: MIGRATIONS }),
        EventStoreModule,
        QueuesModule,
      ],
      providers: [
        WorkerHeartbeatProcessor,
        ProjectionsService,
        AlertWorkers,
        AuditAnchoringService,
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: MAIL_TRANSPORT, inject: [Environment], useFactory: createMailTransport },
      ],
    };
  }
}
