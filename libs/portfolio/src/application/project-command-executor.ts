import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError, EventStore } from '#libs/event-store';
import { decideProject, projectError, today, type Clock, type ProjectCommand } from '../domain/index.js';
import { CLOCK } from './clock.token.js';
import type { CommandContext, CommandResult } from './command-context.js';
import { ProjectRepository } from './project-repository.js';

const ATTEMPTS_WITHOUT_IF_MATCH = 6;

/**
 * Load → decide → append, for every project command. With If-Match a stale version is a 409;
 * without it a lost race is retried on the fresh state (the rules are checked again), never
 * written blindly over the other writer's change.
 */
@Injectable()
export class ProjectCommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly projects: ProjectRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(projectId: string, command: ProjectCommand, context: CommandContext): Promise<CommandResult> {
    if (command.type === 'registerProject' && command.projectId !== projectId) {
      throw new Error(`register command for ${command.projectId} sent to stream ${projectId}`);
    }
    const fingerprint = context.fingerprint ?? fingerprintOf(projectId, command);
    if (context.commandId) {
      const first = await this.store.findCommand(context.commandId);
      if (first) return toResult(this.store.checkFingerprint(first, context.commandId, fingerprint));
    }
    for (let attempt = 1; ; attempt += 1) {
      const { state, version } = await this.projects.load(projectId);
      if (!state && version > 0) {
        throw projectError(command.type === 'registerProject' ? 'PROJECT_ALREADY_EXISTS' : 'PROJECT_NOT_FOUND', `id ${projectId} names something that is not a project`, 'id');
      }
      // 404 before 409: a version of a project that does not exist is not a conflict.
      if (!state && command.type !== 'registerProject') throw projectError('PROJECT_NOT_FOUND', `no project has id ${projectId}`, 'id');
      context.authorize?.(command.type === 'registerProject' ? command.county : (state?.county ?? ''), command.type);
      if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
        throw new ConcurrencyError(projectId, context.expectedVersion, version);
      }
      const events = decideProject(command, state, today(this.clock));
      try {
        const result = await this.store.append(projectId, version === 0 ? 'no_stream' : version, events, {
          metadata: {
            actor: context.actor,
            correlationId: context.correlationId,
            causationId: context.causationId ?? null,
            commandId: context.commandId ?? null,
            ...context.extraMetadata,
          },
          commandId: context.commandId,
          fingerprint,
        });
        return toResult(result);
      } catch (error) {
        const retry = error instanceof ConcurrencyError && context.expectedVersion === undefined && attempt < ATTEMPTS_WITHOUT_IF_MATCH;
        if (!retry) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }
}

function toResult(result: { streamId: string; version: number; position: number; duplicate: boolean }): CommandResult {
  return { id: result.streamId, version: result.version, position: result.position, replayed: result.duplicate };
}

function fingerprintOf(projectId: string, command: ProjectCommand): string {
  return createHash('sha256').update(JSON.stringify([projectId, command])).digest('hex');
}
