import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { TOKEN_PATTERN, withCorrelationId } from '#libs/logging';

const correlationIds = new WeakMap<object, string>();

/** Every request gets a correlation id (the caller's X-Correlation-Id, or a new one) that logs, events and audit rows carry. */
export function correlate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = request.headers['x-correlation-id'];
  const correlationId = typeof given === 'string' && TOKEN_PATTERN.test(given) ? given : randomUUID();
  correlationIds.set(request.raw, correlationId);
  void reply.header('X-Correlation-Id', correlationId);
  withCorrelationId(correlationId, done);
}

/** The handler runs under the request's correlation id, entered again once the body is read (reading it loses the context). */
export function runCorrelated(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const correlationId = correlationIds.get(request.raw);
  if (correlationId) withCorrelationId(correlationId, done);
  else done();
}

export function correlationIdOf(request: FastifyRequest): string | undefined {
  return correlationIds.get(request.raw);
}
