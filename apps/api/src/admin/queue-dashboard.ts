import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { QueueName } from '#libs/queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board over the queues Nest registered (their keys under QUEUE_PREFIX), on Fastify outside
 * Nest's router and the /api prefix, so Nest's guard does not cover it: `protectRawMounts`
 * admits administrators only. Read-only all the same: the outbox, not the queue, decides what is
 * sent, and retrying or emptying queues by hand is not an operation anyone needs.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Taizhang queues' } },
  });
  await app.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
