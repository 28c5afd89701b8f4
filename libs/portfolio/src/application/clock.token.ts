/** Injection token of the Clock, so tests can move time. */
export const CLOCK = Symbol('CLOCK');
