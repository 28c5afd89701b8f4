import { isCalendarDate, type CalendarDate } from './calendar-date.js';
import { MILESTONE_KEY_PATTERN } from './milestone-template.js';
import { projectError, type ProjectErrorCode } from './project-errors.js';

/** Length limits, in characters (code points). */
export const PROJECT_TEXT_LIMITS = {
  name: 200,
  subType: 50,
  plan: 200,
  sourceRef: 1000,
  title: 100,
  reason: 500,
  note: 500,
  email: 254,
} as const;

/** Catalog ids (`city-1a2b3c4d5e`), UUIDs and other URL-safe ids up to 100 characters. */
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

interface TextRule {
  field: string;
  max: number;
  tooLong: ProjectErrorCode;
}

const length = (text: string) => [...text].length;

/** Trimmed text of at most `max` characters, or null when absent or blank. */
export function optionalText(value: unknown, rule: TextRule): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw projectError('NOT_TEXT', `${rule.field} must be a string, got ${describe(value)}`, rule.field);
  const text = value.trim();
  if (!storable(text)) {
    throw projectError('INVALID_TEXT', `${rule.field} contains a NUL character or a broken UTF-16 surrogate`, rule.field);
  }
  if (length(text) > rule.max) {
    throw projectError(rule.tooLong, `${rule.field} must be at most ${rule.max} characters`, rule.field);
  }
  return text === '' ? null : text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL text and jsonb hold neither NUL nor half of a surrogate pair. */
function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(value: unknown, rule: TextRule & { missing: ProjectErrorCode }): string {
  const text = optionalText(value, rule);
  if (text === null) throw projectError(rule.missing, `${rule.field} must not be empty`, rule.field);
  return text;
}

export function optionalReason(value: unknown): string | null {
  return optionalText(value, { field: 'reason', max: PROJECT_TEXT_LIMITS.reason, tooLong: 'REASON_TOO_LONG' });
}

/** A missing reason is a business rule (422, design §5), checked after the project is found. */
export function requireReason(reason: string | null): string {
  if (reason === null) throw projectError('REASON_REQUIRED', 'reason must not be empty', 'reason');
  return reason;
}

export function requiredDate(value: unknown, field: string): CalendarDate {
  if (!isCalendarDate(value)) {
    throw projectError('INVALID_DATE', `${field} must be a real calendar date YYYY-MM-DD, got ${describe(value)}`, field);
  }
  return value;
}

export function optionalDate(value: unknown, field: string): CalendarDate | null {
  return value === undefined || value === null ? null : requiredDate(value, field);
}

/** Managers record history, so past dates are normal; a date after today is not a fact yet. */
export function notAfterToday(date: CalendarDate, field: string, today: CalendarDate): CalendarDate {
  if (date > today) throw projectError('DATE_IN_FUTURE', `${field} ${date} is after today (${today})`, field);
  return date;
}

export function milestoneKey(value: unknown): string {
  if (typeof value !== 'string' || !MILESTONE_KEY_PATTERN.test(value)) {
    throw projectError(
      'INVALID_MILESTONE_KEY',
      `key must be lower snake case, 2 to 40 characters (e.g. groundbreaking), got ${describe(value)}`,
      'key',
    );
  }
  return value;
}

export function projectId(value: unknown): string {
  if (typeof value !== 'string' || !PROJECT_ID_PATTERN.test(value)) {
    throw projectError(
      'INVALID_PROJECT_ID',
      `projectId must be 1 to 100 letters, digits, '_', '.', ':' or '-', got ${describe(value)}`,
      'projectId',
    );
  }
  return value;
}

export function email(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!EMAIL_PATTERN.test(text) || text.length > PROJECT_TEXT_LIMITS.email) {
    throw projectError('INVALID_EMAIL', `${field} must be an email address, got ${describe(value)}`, field);
  }
  return text;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
