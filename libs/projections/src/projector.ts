import type { PoolClient } from 'pg';
import type { RecordedEvent } from '#libs/event-store';

/**
 * Derives read models from the log. `apply` runs inside the transaction that also moves the
 * projector's checkpoint, so a batch is applied exactly once or not at all.
 */
export interface Projector {
  readonly name: string;
  apply(events: readonly RecordedEvent[], tx: PoolClient): Promise<void>;
  /** Writes what `apply` held back, if it holds anything back (a rebuild's projector may). */
  flush?(tx: PoolClient): Promise<void>;
}
