import { hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

export interface PasswordHashing {
  /** argon2id memory cost, KiB. */
  memoryKib: number;
  /** argon2id passes. */
  timeCost: number;
}

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/** argon2id: no 72-byte limit as bcrypt has, and memory-hard. */
export function hashPassword(password: string, params: PasswordHashing): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: params.memoryKib, timeCost: params.timeCost, parallelism: 1 });
}

/** Checks a password against an argon2id hash, or a bcrypt hash from before argon2id. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A stored hash made with other settings than these (or with bcrypt): replace it at the next sign-in. */
export function needsRehash(stored: string, params: PasswordHashing): boolean {
  return !stored.startsWith(`$argon2id$v=19$m=${params.memoryKib},t=${params.timeCost},p=1$`);
}

/**
 * A hash of a random password with the same algorithm and cost as real ones: a sign-in for a user
 * who does not exist is checked against it, so that it takes as long as one for a real user.
 */
export function decoyPasswordHash(params: PasswordHashing): Promise<string> {
  return hashPassword(randomBytes(18).toString('base64url'), params);
}
