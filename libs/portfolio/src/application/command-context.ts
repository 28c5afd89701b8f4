import type { ProjectCommand } from '../domain/index.js';

/** Who asks and on what terms: the metadata and concurrency terms of one command. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** Idempotency key: a repeat returns the first result and appends nothing. */
  commandId?: string;
  /** Optimistic concurrency (If-Match): refuse unless the project is at exactly this version. */
  expectedVersion?: number;
  /** What the request asked for, to tell a repeat from a different request under the same key. */
  fingerprint?: string;
  /** Extra metadata stored with the events, e.g. { synthetic: true }. */
  extraMetadata?: Record<string, unknown>;
  /** Throws unless the actor may run this command on a project of this county (checked before anything is appended). */
  authorize?: (projectCounty: string, command: ProjectCommand['type']) => void;
}

/** What every command returns: the project, its new version, the global position of its last event. */
export interface CommandResult {
  id: string;
  version: number;
  position: number;
  /** True when this is the stored result of an earlier request with the same idempotency key. */
  replayed: boolean;
}
