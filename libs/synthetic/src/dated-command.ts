import type { CalendarDate, ProjectCommand } from '#libs/portfolio';

/** A command and the business date it happens on (the `today` it is decided with). */
export interface DatedCommand {
  on: CalendarDate;
  command: ProjectCommand;
}

export const later = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
export const earlier = (a: CalendarDate, b: CalendarDate): CalendarDate => (a < b ? a : b);
