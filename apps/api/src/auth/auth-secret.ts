import { randomBytes } from 'node:crypto';
import type { Environment } from '#libs/config';

/** Injection token of the secret that signs tokens and CSRF proofs. */
export const AUTH_SECRET = Symbol('AUTH_SECRET');

const madeUp = new WeakMap<Environment, string>();

/** AUTH_TOKEN_SECRET, or (outside production only) a random one per process: its tokens count in that process only. */
export function authSecretOf(env: Environment): string {
  if (env.AUTH_TOKEN_SECRET) return env.AUTH_TOKEN_SECRET;
  if (!madeUp.has(env)) madeUp.set(env, randomBytes(32).toString('base64url'));
  return madeUp.get(env)!;
}
