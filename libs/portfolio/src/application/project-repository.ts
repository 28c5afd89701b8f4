import { Injectable } from '@nestjs/common';
import { EventStore, type RecordedEvent } from '#libs/event-store';
import { foldProject, type ProjectEvent, type ProjectState } from '../domain/index.js';

export interface LoadedProject {
  state: ProjectState | null;
  version: number;
  events: RecordedEvent[];
}

/** A project is rebuilt by folding its stream; the stream id is the project id. */
@Injectable()
export class ProjectRepository {
  constructor(private readonly store: EventStore) {}

  async load(projectId: string, recordedAtOrBefore?: Date): Promise<LoadedProject> {
    const events = await this.store.readStream(projectId, { recordedAtOrBefore });
    const domainEvents = events.map((e) => ({ type: e.type, data: e.data }) as ProjectEvent);
    return { state: foldProject(domainEvents), version: events.at(-1)?.version ?? 0, events };
  }
}
