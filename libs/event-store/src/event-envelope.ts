/** Who did it and why: stored with every event (design §2). */
export interface EventMetadata {
  actor: string;
  correlationId: string;
  causationId: string | null;
  commandId: string | null;
  [extra: string]: unknown;
}

/** An event to append: its type and data; the store adds version, position and time. */
export interface NewEvent<TData = unknown> {
  type: string;
  data: TData;
}

/** An event as the log holds it, already upcast to the latest schema of its type. */
export interface RecordedEvent<TData = unknown> {
  position: number;
  transactionId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** A version number (exactly that), 'no_stream' (the stream must not exist yet) or 'any'. */
export type ExpectedVersion = number | 'no_stream' | 'any';

/** Where a reader of the global log stands: the last event it has read, in commit order. */
export interface LogPosition {
  transactionId: string;
  position: number;
}

export const START_OF_LOG: LogPosition = { transactionId: '0', position: 0 };

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  version: number;
  /** The global position of the last appended event. */
  position: number;
  recordedAt: Date;
  /** True when the command id had been seen: nothing was appended, this is the first result. */
  duplicate: boolean;
}
