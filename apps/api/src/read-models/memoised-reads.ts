import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isReaderRole } from '#libs/access';
import { RequestAuthentication } from '../auth/request-authentication.js';
import { SessionRegistry } from '../auth/session-registry.js';
import { ReadModelGate } from './read-model-gate.js';

/**
 * A read already answered at the current log position, asked again by a signed-in reader whose
 * token and session this process knows to be good, is answered here, before Nest's router, guard and
 * interceptors (the read benchmark's p99, issue 4). Only what ReadModelMemoInterceptor stored can be
 * found: GET reads of the read models that every reader role may make, answered for a valid query
 * without minPosition. Everything else — unknown tokens, other roles, sessions still to be set up,
 * misses, other routes — goes on to Nest as before.
 */
export function serveMemoisedReads(app: NestFastifyApplication): void {
  const gate = app.get(ReadModelGate);
  const authentication = app.get(RequestAuthentication);
  const sessions = app.get(SessionRegistry);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (request.method !== 'GET') return done();
      const principal = authentication.known(request);
      if (!principal || principal.scope !== 'full' || !isReaderRole(principal.user.role)) return done();
      const memoised = gate.peek(request.url);
      if (!memoised) return done();
      sessions.touch(principal.sessionId);
      void reply.header('X-Log-Position', String(memoised.position));
      void reply.send(memoised.answer.sendableTo(request.headers['accept-encoding'], reply));
    });
}
