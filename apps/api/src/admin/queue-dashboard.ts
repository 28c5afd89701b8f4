import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { QueueName } from '#libs/queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The dashboard's policy (security-headers.ts) with what bull-board's page cannot do without: a <base> of this site, inline styles. */
const QUEUE_DASHBOARD_CSP =
  "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'";

/**
 * bull-board over the queues Nest registered (their keys under QUEUE_PREFIX), on Fastify outside
 * Nest's router and the /api prefix, so Nest's guard does not cover it: `protectRawMounts`
 * admits administrators only. Read-only all the same: the outbox, not the queue, decides what is
 * sent, and retrying or emptying queues by hand is not an operation anyone needs.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  // bull-board's page needs its <base href> and inline styles: a policy of its own, on its routes only.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith(QUEUE_DASHBOARD_PATH)) return;
      const relax = (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        void reply.header('Content-Security-Policy', QUEUE_DASHBOARD_CSP);
        return Promise.resolve(payload);
      };
      route.onSend = [relax, ...(route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend])];
    });
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Taizhang queues' } },
  });
  await app.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
