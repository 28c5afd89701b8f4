/** The stream was not at the expected version: someone else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'no_stream',
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} is at version ${currentVersion}, expected ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

/** An idempotency key was used again for a different command. */
export class CommandIdReusedError extends Error {
  constructor(readonly commandId: string) {
    super(`Idempotency-Key ${commandId} was already used for a different request`);
    this.name = 'CommandIdReusedError';
  }
}
