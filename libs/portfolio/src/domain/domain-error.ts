/**
 * What went wrong, in the domain's terms. The kind decides the HTTP status in one place
 * (invalid → 400, forbidden → 403, not_found → 404, conflict → 409, rule_violation → 422).
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'rule_violation';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, field?: string) =>
  new DomainError('invalid', code, message, field);
export const notFound = (code: string, message: string, field?: string) =>
  new DomainError('not_found', code, message, field);
export const ruleViolation = (code: string, message: string, field?: string) =>
  new DomainError('rule_violation', code, message, field);
export const conflict = (code: string, message: string, field?: string) =>
  new DomainError('conflict', code, message, field);
