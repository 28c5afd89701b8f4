/** Every BullMQ queue, by name. Keys live under the QUEUE_PREFIX hash tag (Redis Cluster safe). */
export enum QueueName {
  System = 'system',
  /** The daily overdue scan (a job scheduler), scans asked for by an admin, and the outbox sweep. */
  AlertScan = 'alert-scan',
  /** One job per alert digest; its id is the digest's outbox key. */
  AlertDelivery = 'alert-delivery',
  /** The audit anchor (a job scheduler every AUDIT_ANCHOR_EVERY_MINUTES): seal the event log, sign both heads. */
  Audit = 'audit',
}

export enum AlertScanJob {
  OverdueScan = 'overdue-scan',
  OutboxSweep = 'outbox-sweep',
}

export enum AuditJob {
  Anchor = 'anchor',
}

export enum SystemJob {
  WorkerHeartbeat = 'worker-heartbeat',
}

/** Redis key where the worker records that it is alive; the API's health reads it. */
export const workerHeartbeatKey = (queuePrefix: string) => `${queuePrefix}:worker:heartbeat`;
export const WORKER_HEARTBEAT_EVERY_MS = 10_000;
