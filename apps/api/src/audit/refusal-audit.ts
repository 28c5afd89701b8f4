import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AuditTrail, wasAudited } from './audit-trail.js';

const REFUSALS = new Set([401, 403, 415, 429]);

/**
 * Every refusal — not signed in (401), not allowed (403, CSRF included), not a JSON body (415), too
 * many attempts (429) — leaves an audit row, whichever route or raw mount refused it, unless the
 * route recorded the request itself (a failed sign-in).
 */
export function auditRefusals(app: NestFastifyApplication): void {
  const audit = app.get(AuditTrail);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (REFUSALS.has(reply.statusCode) && !wasAudited(request)) {
        void audit.record(request, {
          action: 'access.refused',
          object: `${request.method} ${request.url.split('?')[0].slice(0, 300)}`,
          result: 'refused',
          details: { status: reply.statusCode },
        });
      }
      done();
    });
}
