import { DomainError, type DomainErrorKind } from './domain-error.js';

/** Every refusal of the project aggregate: its stable code and the kind (hence HTTP status) it always has. */
export const PROJECT_ERROR_KINDS = {
  UNKNOWN_COMMAND: 'invalid',
  NOT_TEXT: 'invalid',
  INVALID_TEXT: 'invalid',
  INVALID_PROJECT_ID: 'invalid',
  UNKNOWN_COUNTY: 'invalid',
  UNKNOWN_CATEGORY: 'invalid',
  UNKNOWN_ACTION: 'invalid',
  NAME_REQUIRED: 'invalid',
  NAME_TOO_LONG: 'invalid',
  SUB_TYPE_REQUIRED: 'invalid',
  SUB_TYPE_TOO_LONG: 'invalid',
  PLAN_REQUIRED: 'invalid',
  PLAN_TOO_LONG: 'invalid',
  SOURCE_REF_TOO_LONG: 'invalid',
  INVALID_EMAIL: 'invalid',
  INVALID_DATE: 'invalid',
  INVALID_MILESTONE_KEY: 'invalid',
  TITLE_REQUIRED: 'invalid',
  TITLE_TOO_LONG: 'invalid',
  NOTE_TOO_LONG: 'invalid',
  REASON_TOO_LONG: 'invalid',
  INVALID_CORRECTION_FIELD: 'invalid',
  PROJECT_ALREADY_EXISTS: 'conflict',
  PROJECT_NOT_FOUND: 'not_found',
  MILESTONE_NOT_FOUND: 'not_found',
  PLANNED_START_AFTER_COMPLETION: 'rule_violation',
  PROJECT_CANCELLED: 'rule_violation',
  PROJECT_SUSPENDED: 'rule_violation',
  PROJECT_NOT_SUSPENDED: 'rule_violation',
  PROJECT_COMPLETED: 'rule_violation',
  REASON_REQUIRED: 'rule_violation',
  MILESTONE_ALREADY_PLANNED: 'rule_violation',
  MILESTONE_ALREADY_STARTED: 'rule_violation',
  MILESTONE_ALREADY_COMPLETED: 'rule_violation',
  DATE_IN_FUTURE: 'rule_violation',
  COMPLETED_BEFORE_STARTED: 'rule_violation',
  RESCHEDULE_SAME_DATE: 'rule_violation',
  DATE_NOT_RECORDED: 'rule_violation',
  CORRECTION_SAME_DATE: 'rule_violation',
} as const satisfies Record<string, DomainErrorKind>;

export type ProjectErrorCode = keyof typeof PROJECT_ERROR_KINDS;

export const PROJECT_ERROR_CODES = Object.keys(PROJECT_ERROR_KINDS) as ProjectErrorCode[];

export function projectError(code: ProjectErrorCode, message: string, field?: string): DomainError {
  return new DomainError(PROJECT_ERROR_KINDS[code], code, message, field);
}
