import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RecordedEvent } from '#libs/event-store';
import { endOfShanghaiDay, projectError, projectOnBusinessDate, today, type CalendarDate, type Clock } from '../domain/index.js';
import { CLOCK } from './clock.token.js';
import { ProjectRepository } from './project-repository.js';
import { projectView, type ProjectView } from './project-view.js';

/**
 * One project folded from its stream: now, as recorded by the end of `asOf`, or as it stood on the
 * business date `effectiveAt` — each judged (overdue, days late) on that day.
 */
export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly projectId: string,
    readonly at: { asOf?: CalendarDate; effectiveAt?: CalendarDate } = {},
  ) {
    super();
  }
}

/** The stream of one project: the audit trail. */
export class GetProjectEventsQuery extends Query<{ id: string; version: number; events: RecordedEvent[] }> {
  constructor(readonly projectId: string) {
    super();
  }
}

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery> {
  constructor(
    private readonly projects: ProjectRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ projectId, at }: GetProjectQuery): Promise<ProjectView> {
    const { state, version } = await this.projects.load(projectId, at.asOf ? endOfShanghaiDay(at.asOf) : undefined);
    if (!state) throw projectError('PROJECT_NOT_FOUND', `project ${projectId} does not exist${at.asOf ? ' at that date' : ''}`, 'id');
    if (at.effectiveAt) return projectView(projectOnBusinessDate(state, at.effectiveAt), version, at.effectiveAt);
    return projectView(state, version, at.asOf ?? today(this.clock));
  }
}

@QueryHandler(GetProjectEventsQuery)
export class GetProjectEventsHandler implements IQueryHandler<GetProjectEventsQuery> {
  constructor(private readonly projects: ProjectRepository) {}

  async execute({ projectId }: GetProjectEventsQuery) {
    const { events, version } = await this.projects.load(projectId);
    if (events.length === 0) throw projectError('PROJECT_NOT_FOUND', `project ${projectId} does not exist`, 'id');
    return { id: projectId, version, events };
  }
}
