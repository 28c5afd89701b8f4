import { Injectable } from '@nestjs/common';
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { foldProject, type ProjectEvent, type ProjectState } from '../domain/index.js';

export interface LoadedProject {
  state: ProjectState | null;
  version: number;
  events: RecordedEvent[];
}

/**
 * A project is rebuilt by folding its stream; the stream id is the project id. A stream that
 * exists but is not a project's (it does not start with project.registered) loads as no project.
 */
@Injectable()
export class ProjectRepository {
  constructor(private readonly store: EventStore) {}

  async load(projectId: string, recordedAtOrBefore?: Date): Promise<LoadedProject> {
    const events = await this.store.readStream(projectId, { recordedAtOrBefore });
    const version = events.at(-1)?.version ?? 0;
    if (events.length > 0 && events[0].type !== 'project.registered') return { state: null, version, events: [] };
    const domainEvents = events.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent);
    return { state: foldProject(domainEvents), version, events };
  }
}
