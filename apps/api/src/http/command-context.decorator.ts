import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { currentCorrelationId, TOKEN_PATTERN } from '#libs/logging';

/** Who asks, in which conversation, and under which optimistic-concurrency and idempotency terms. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  commandId?: string;
  expectedVersion?: number;
}

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * Reads the command headers: If-Match ("<version>"), Idempotency-Key, X-Correlation-Id, and
 * X-Actor (who records the change, until sign-in provides the user).
 */
export const CommandMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const correlationId = optionalToken(request, 'x-correlation-id', 'X-Correlation-Id') ?? currentCorrelationId();
  if (!correlationId) throw new Error('no correlation id: the correlation middleware is not installed');
  return {
    actor: actorOf(request),
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

function actorOf(request: FastifyRequest): string {
  const actor = headerOf(request, 'x-actor')?.trim();
  if (actor === undefined || actor === '') return 'anonymous';
  if (actor.length > 200) throw invalidHeader('X-Actor', 'X-Actor must be at most 200 characters');
  return actor;
}

/** A header's value; a header sent twice counts as its first value. */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalidHeader(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_HEADER', message, field });
}
