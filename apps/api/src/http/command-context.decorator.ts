import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { assertMayRunProjectCommand } from '#libs/access';
import { currentCorrelationId, TOKEN_PATTERN } from '#libs/logging';
import type { CommandContext as ProjectCommandContext } from '#libs/portfolio';
import { userOfRequest } from '../auth/current-user.js';

/** Who asks, in which conversation, and under which optimistic-concurrency and idempotency terms. */
export type CommandContext = Pick<ProjectCommandContext, 'actor' | 'correlationId' | 'commandId' | 'expectedVersion' | 'extraMetadata' | 'authorize'>;

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * The signed-in user (the actor, and what they may change), and the command headers: If-Match
 * ("<version>"), Idempotency-Key, X-Correlation-Id.
 */
export const CommandMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const correlationId = optionalToken(request, 'x-correlation-id', 'X-Correlation-Id') ?? currentCorrelationId();
  if (!correlationId) throw new Error('no correlation id: the correlation middleware is not installed');
  const user = userOfRequest(request);
  if (!user) throw new Error('no signed-in user: commands need the auth guard');
  return {
    actor: user.username,
    // Business events carry where the request came from, as audit rows do (等保 安全审计).
    extraMetadata: { actorRole: user.role, sourceAddress: request.ip },
    authorize: (projectCounty, command) => assertMayRunProjectCommand(user, command, projectCounty),
    correlationId,
    commandId: optionalToken(request, 'idempotency-key', 'Idempotency-Key'),
    expectedVersion: expectedVersionOf(request),
  };
});

function optionalToken(request: FastifyRequest, header: string, field: string): string | undefined {
  const value = headerOf(request, header);
  if (value === undefined) return undefined;
  if (!TOKEN_PATTERN.test(value)) {
    throw invalidHeader(field, `${field} must be 1–200 letters, digits or . _ : @ -`);
  }
  return value;
}

function expectedVersionOf(request: FastifyRequest): number | undefined {
  const value = headerOf(request, 'if-match');
  if (value === undefined) return undefined;
  const match = IF_MATCH.exec(value.trim());
  if (!match) throw invalidHeader('If-Match', 'If-Match must be the quoted version of the project, e.g. "3"');
  return Number(match[1]);
}

/** A header's value; a header sent twice counts as its first value. */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalidHeader(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_HEADER', message, field });
}
