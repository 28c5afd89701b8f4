import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { systemClock, type Clock } from '../domain/index.js';
import { CLOCK } from './clock.token.js';
import { ExecuteProjectCommandHandler } from './execute-project-command.js';
import { GetProjectEventsHandler, GetProjectHandler } from './get-project.query.js';
import { ProjectCommandExecutor } from './project-command-executor.js';
import { ProjectRepository } from './project-repository.js';

/** The portfolio's use cases over the event store (needs EventStoreModule). */
@Module({})
export class PortfolioModule {
  static register(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: PortfolioModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        ProjectRepository,
        ProjectCommandExecutor,
        ExecuteProjectCommandHandler,
        GetProjectHandler,
        GetProjectEventsHandler,
      ],
      exports: [CqrsModule, CLOCK, ProjectRepository, ProjectCommandExecutor],
    };
  }
}
