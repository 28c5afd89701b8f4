import { type DynamicModule, Module } from '@nestjs/common';
import { EnvironmentModule } from '#libs/config';
import { DatabaseModule } from '#libs/database';
import { EventStoreModule } from '#libs/event-store';
import { PortfolioModule, type Clock } from '#libs/portfolio';
import { MIGRATIONS } from '#migrations';
import { QueuesModule } from '#libs/queues';
import { AuthModule } from './auth/auth.module.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { RecipientsController } from './alerts/recipients.controller.js';
import { CatalogController } from './catalog/catalog.controller.js';
import { ExportsController } from './exports/exports.controller.js';
import { HealthController } from './health/health.controller.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProjectListController } from './projects/project-list.controller.js';
import { ProjectsController } from './projects/projects.controller.js';
import { CountiesController } from './read-models/counties.controller.js';
import { PortfolioController } from './read-models/portfolio.controller.js';
import { ReadModelGate } from './read-models/read-model-gate.js';
import { AuditController } from './audit/audit.controller.js';
import { SecurityController } from './security/security.controller.js';

export interface ApiModuleOptions {
  /** Settings that override the process environment (tests run several apps in one process). */
  environment?: Record<string, string | undefined>;
  /** The ledger's clock: what day it is for overdue milestones, RAG and views. */
  clock?: Clock;
  /** The clock of sessions, lockouts, second factors and audit rows (the system clock unless a test moves it). */
  authClock?: Clock;
}

@Module({})
export class ApiModule {
  static register(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        EnvironmentModule.forRoot(options.environment),
        DatabaseModule.forRoot({ applicationName: 'taizhang-api', migrations: MIGRATIONS }),
        EventStoreModule,
        PortfolioModule.register({ clock: options.clock }),
        HealthModule,
        MetricsModule,
        QueuesModule,
        AuthModule.register({ clock: options.authClock }),
      ],
      controllers: [HealthController, ProjectListController, ProjectsController, CatalogController, PortfolioController, CountiesController, AlertsController, RecipientsController, ExportsController, SecurityController, AuditController],
      providers: [ReadModelGate],
    };
  }
}
