import type { Queue } from 'bullmq';
import { digestJobId, type DigestKey } from './digest.js';

export const SEND_DIGEST_JOB = 'send-digest';

export interface DigestRetries {
  attempts: number;
  /** First retry delay; each next one doubles. */
  delayMs: number;
}

/**
 * Queues a delivery job per digest, its id the digest's outbox key: a digest already waiting,
 * running or retrying in the queue is not added twice.
 */
export async function queueDigests(queue: Queue, keys: readonly DigestKey[], retries: DigestRetries): Promise<number> {
  for (let from = 0; from < keys.length; from += QUEUE_BATCH) {
    await queue.addBulk(
      keys.slice(from, from + QUEUE_BATCH).map((key) => ({
        name: SEND_DIGEST_JOB,
        data: key,
        opts: {
          jobId: digestJobId(key),
          attempts: retries.attempts,
          backoff: { type: 'exponential', delay: retries.delayMs },
          removeOnComplete: { age: WEEK_SECONDS, count: 10_000 },
          removeOnFail: { age: 4 * WEEK_SECONDS },
        },
      })),
    );
  }
  return keys.length;
}

const QUEUE_BATCH = 1000;
const WEEK_SECONDS = 7 * 24 * 3600;
