import { type DynamicModule, Module } from '@nestjs/common';
import { EnvironmentModule } from '#libs/config';
import { DatabaseModule } from '#libs/database';
import { EventStoreModule } from '#libs/event-store';
import { PortfolioModule, type Clock } from '#libs/portfolio';
import { MIGRATIONS } from '#migrations';
import { CatalogController } from './catalog/catalog.controller.js';
import { HealthModule } from './health/health.module.js';
import { ProjectListController } from './projects/project-list.controller.js';
import { ProjectsController } from './projects/projects.controller.js';

export interface ApiModuleOptions {
  /** Settings that override the process environment (tests run several apps in one process). */
  environment?: Record<string, string | undefined>;
  clock?: Clock;
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
      ],
      controllers: [ProjectListController, ProjectsController, CatalogController],
    };
  }
}
