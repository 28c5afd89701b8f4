import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ROLES, type Role } from '#libs/access';
import { AuditTrail } from '../audit/audit-trail.js';
import { rememberPrincipal, RequestAuthentication } from './request-authentication.js';

/** Pages Fastify serves outside Nest's router (so outside its guard), and who may open them. */
const RAW_MOUNTS: { prefix: string; roles: readonly Role[]; audited?: RegExp }[] = [
  // The board's own page (not its API, which the page polls every few seconds) is an audited view.
  { prefix: '/admin/queues', roles: ['admin'], audited: /^\/admin\/queues\/?$/ },
  { prefix: '/api/docs', roles: ROLES },
];

/**
 * Design §8: one gate for every route. A route registered under a raw mount gets the sign-in check
 * as a hook of its own, attached when Fastify registers it — so what decides is the route Fastify
 * matched, however the URL was spelled (percent-encoded letters, case, slashes), not a comparison of
 * the URL's text. Call before anything is mounted. A browser without a session is sent to sign in.
 */
export function protectRawMounts(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const mount = RAW_MOUNTS.find(({ prefix }) => route.url === prefix || route.url.startsWith(`${prefix}/`) || route.url.startsWith(`${prefix}-`));
    if (!mount) return;
    const gate = (request: FastifyRequest, reply: FastifyReply) => admit(app, request, reply, mount);
    route.onRequest = [gate, ...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest])];
  });
}

async function admit(app: NestFastifyApplication, request: FastifyRequest, reply: FastifyReply, mount: (typeof RAW_MOUNTS)[number]): Promise<void> {
  const principal = await app.get(RequestAuthentication).authenticate(request);
  if (!principal) {
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    }
    return reply.status(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'sign in first' });
  }
  rememberPrincipal(request, principal);
  if (principal.scope !== 'full' || !mount.roles.includes(principal.user.role)) {
    return reply.status(403).send({ statusCode: 403, code: 'FORBIDDEN', message: `the ${principal.user.role} role may not open ${mount.prefix}` });
  }
  if (mount.audited?.test(request.routeOptions.url ?? '')) {
    await app.get(AuditTrail).record(request, { action: 'queue-dashboard.viewed', object: mount.prefix, result: 'success' });
  }
}
