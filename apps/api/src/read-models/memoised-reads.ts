import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { SessionTokens } from '../auth/session-tokens.js';
import { ReadModelGate } from './read-model-gate.js';

/**
 * A read already answered at the current log position, asked again by a signed-in user whose token
 * was verified before, is answered here, before Nest's router, guard and interceptors (the read
 * benchmark's p99, issue 4). Only what ReadModelMemoInterceptor stored can be found: GET reads of
 * the read models that every role may make, answered for a valid query without minPosition.
 * Everything else — unknown tokens, misses, other routes — goes on to Nest as before.
 */
export function serveMemoisedReads(app: NestFastifyApplication): void {
  const gate = app.get(ReadModelGate);
  const tokens = app.get(SessionTokens);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (request.method !== 'GET' || !tokens.knownUserOf(request)) return done();
      const memoised = gate.peek(request.url);
      if (!memoised) return done();
      void reply.header('X-Log-Position', String(memoised.position));
      void reply.send(memoised.answer.sendableTo(request.headers['accept-encoding'], reply));
    });
}
