import type { SignedInUser } from './roles.js';

/** `zhang.wei@dingyuan.gov.cn` → `zh***@dingyuan.gov.cn` (个人信息保护法: only what the reader needs). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const local = email.slice(0, at);
  return `${[...local].slice(0, Math.min(2, Math.max(local.length - 1, 1))).join('')}***${email.slice(at)}`;
}

/** The system administrator sees every address in full; everyone else only their own. */
export function seesEmailOf(reader: SignedInUser, email: string): boolean {
  return reader.role === 'admin' || (!!reader.email && reader.email.toLowerCase() === email.toLowerCase());
}

export function emailFor(reader: SignedInUser, email: string): string;
export function emailFor(reader: SignedInUser, email: string | null): string | null;
export function emailFor(reader: SignedInUser, email: string | null): string | null {
  if (email === null) return null;
  return seesEmailOf(reader, email) ? email : maskEmail(email);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A copy of a value (an event, a project) with every e-mail address in it as the reader may see it. */
export function withEmailsFor<T>(reader: SignedInUser, value: T): T {
  if (reader.role === 'admin') return value;
  return maskDeep(reader, value) as T;
}

function maskDeep(reader: SignedInUser, value: unknown): unknown {
  if (typeof value === 'string') return EMAIL.test(value) ? emailFor(reader, value) : value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(reader, item));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(reader, item)]));
  }
  return value;
}
