/** Every BullMQ queue, by name. Keys live under the QUEUE_PREFIX hash tag (Redis Cluster safe). */
export enum QueueName {
  System = 'system',
}

export enum SystemJob {
  WorkerHeartbeat = 'worker-heartbeat',
}

/** Redis key where the worker records that it is alive; the API's health reads it. */
export const workerHeartbeatKey = (queuePrefix: string) => `${queuePrefix}:worker:heartbeat`;
export const WORKER_HEARTBEAT_EVERY_MS = 10_000;
