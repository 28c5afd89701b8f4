import { shanghaiDate, type CalendarDate } from './calendar-date.js';

/** The source of "now", injectable so that tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}

export function today(clock: Clock): CalendarDate {
  return shanghaiDate(clock.now());
}
