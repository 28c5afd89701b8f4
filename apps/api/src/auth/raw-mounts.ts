import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Role } from '#libs/access';
import { SessionTokens } from './session-tokens.js';

/** Pages Fastify serves outside Nest's router (so outside its guard), and who may open them. */
const RAW_MOUNTS: { prefix: string; roles: Role[] | 'any' }[] = [
  { prefix: '/admin/queues', roles: ['admin'] },
  { prefix: '/api/docs', roles: 'any' },
];

/**
 * Design §4: a dashboard mounted outside Nest's router sits behind the same sign-in as the API.
 * A browser without a session is sent to the sign-in page; anything else gets 401 or 403.
 */
export function protectRawMounts(app: NestFastifyApplication): void {
  const tokens = app.get(SessionTokens);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const path = request.url.split('?')[0];
      const mount = RAW_MOUNTS.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`));
      // Synchronous for every other request: an async hook costs each API read a promise.
      if (!mount) return done();
      admit(request, reply, mount).then(() => {
        if (!reply.sent) done();
      }, done);
    });

  /** Sends the refusal, or leaves the reply unsent when the user may open the mount. */
  async function admit(request: FastifyRequest, reply: FastifyReply, mount: (typeof RAW_MOUNTS)[number]): Promise<void> {
    const user = await tokens.userOf(request);
    if (!user) {
      if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
      } else {
        await reply.status(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'sign in first' });
      }
    } else if (mount.roles !== 'any' && !mount.roles.includes(user.role)) {
      await reply.status(403).send({ statusCode: 403, code: 'FORBIDDEN', message: `the ${user.role} role may not open ${mount.prefix}` });
    }
  }
}
