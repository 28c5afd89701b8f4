import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { Environment } from '#libs/config';
import { QueueName, RedisClient, SystemJob, WORKER_HEARTBEAT_EVERY_MS, workerHeartbeatKey } from '#libs/queues';

/** Proves through the queue itself that a worker is alive and processing jobs. */
@Processor(QueueName.System)
export class WorkerHeartbeatProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkerHeartbeatProcessor.name);

  constructor(
    @InjectQueue(QueueName.System) private readonly queue: Queue,
    private readonly redisClient: RedisClient,
    @Inject(Environment) private readonly env: Environment,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SystemJob.WorkerHeartbeat,
      { every: WORKER_HEARTBEAT_EVERY_MS },
      { name: SystemJob.WorkerHeartbeat, opts: { removeOnComplete: 10, removeOnFail: 50 } },
    );
    this.logger.log(`worker heartbeat every ${WORKER_HEARTBEAT_EVERY_MS / 1000} s`);
  }

  async process(job: Job): Promise<void> {
    if (job.name !== SystemJob.WorkerHeartbeat) throw new Error(`no handler for job ${job.name}`);
    await this.redisClient.redis.set(workerHeartbeatKey(this.env.QUEUE_PREFIX), new Date().toISOString(), 'PX', WORKER_HEARTBEAT_EVERY_MS * 3);
  }
}
