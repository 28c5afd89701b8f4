import { Inject, Injectable, UnauthorizedException, type OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  acceptedTotpStep,
  claimTotpStep,
  clearFailedSignIns,
  decoyPasswordHash,
  findUser,
  hashPassword,
  isLocked,
  needsRehash,
  passwordMatches,
  recordFailedSignIn,
  SecretBox,
  useRecoveryCode,
  type PasswordHashing,
  type StoredUser,
} from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { SessionStart, type SignedIn } from './session-start.js';
import { SessionTokens } from './session-tokens.js';
import { SignInThrottle } from './sign-in-throttle.js';

export interface TotpRequired {
  status: 'totp-required';
  challenge: string;
  expiresAt: string;
}

export function passwordHashingOf(env: Environment): PasswordHashing {
  return { memoryKib: env.AUTH_PASSWORD_MEMORY_KIB, timeCost: env.AUTH_PASSWORD_TIME_COST };
}

/**
 * Signing in: the password (checked for unknown users too, against a decoy hash of the same cost, so
 * that both take as long), the lockout of the account across addresses, then the second factor when
 * the account has one. Every refusal looks the same to the caller: 401 INVALID_CREDENTIALS.
 */
@Injectable()
export class SignInService implements OnApplicationBootstrap {
  private decoyHash = '';

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly throttle: SignInThrottle,
    private readonly tokens: SessionTokens,
    private readonly start: SessionStart,
    private readonly box: SecretBox,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.decoyHash = await decoyPasswordHash(passwordHashingOf(this.env));
  }

  async withPassword(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<SignedIn | TotpRequired> {
    await this.throttle.attempt(request.ip, username);
    const user = await findUser(this.pool, username);
    const matches = await passwordMatches(password, user?.passwordHash ?? this.decoyHash);
    const at = this.clock.now();
    if (!user || !matches || user.disabled || isLocked(user, at)) {
      const reason = !user ? 'unknown-user' : user.disabled ? 'disabled' : isLocked(user, at) ? 'locked' : 'wrong-password';
      // Counted for every refusal, an unknown name included (it updates no row): the same work, so the same time.
      await this.countFailure(request, username, user, 'password');
      await this.refuse(request, username, user, reason);
    }
    await clearFailedSignIns(this.pool, user!.username);
    if (needsRehash(user!.passwordHash, passwordHashingOf(this.env))) {
      await this.pool.query('UPDATE users SET password_hash = $2 WHERE username = $1 AND password_hash = $3', [
        user!.username,
        await hashPassword(password, passwordHashingOf(this.env)),
        user!.passwordHash,
      ]);
    }
    if (user!.totpSecret !== null) {
      const { token, expiresAt } = await this.tokens.issueChallenge(user!.username, randomUUID());
      return { status: 'totp-required', challenge: token, expiresAt: expiresAt.toISOString() };
    }
    return this.start.start(request, reply, (await findUser(this.pool, user!.username))!, 'password');
  }

  async withSecondFactor(request: FastifyRequest, reply: FastifyReply, challenge: string, answer: { code?: string; recoveryCode?: string }): Promise<SignedIn> {
    const claims = await this.tokens.verifyChallenge(challenge);
    if (!claims) throw new UnauthorizedException({ code: 'INVALID_CHALLENGE', field: 'challenge', message: 'challenge: sign in with the password again' });
    await this.throttle.attempt(request.ip, claims.username);
    const user = await findUser(this.pool, claims.username);
    const at = this.clock.now();
    if (!user || user.disabled || isLocked(user, at) || user.totpSecret === null) {
      await this.refuse(request, claims.username, user, 'second-factor-unavailable');
    }
    const accepted = answer.recoveryCode !== undefined ? await useRecoveryCode(this.pool, user!.username, answer.recoveryCode, at) : await this.acceptCode(user!, answer.code ?? '', at);
    if (!accepted) {
      await this.countFailure(request, user!.username, user, answer.recoveryCode !== undefined ? 'recovery-code' : 'totp');
      await this.audit.record(request, {
        action: 'auth.totp-failed',
        object: `user:${user!.username}`,
        result: 'failure',
        actor: { username: user!.username, role: user!.role },
        details: { with: answer.recoveryCode !== undefined ? 'recovery-code' : 'totp' },
      });
      const field = answer.recoveryCode !== undefined ? 'recoveryCode' : 'code';
      throw new UnauthorizedException({ code: 'INVALID_SECOND_FACTOR', field, message: `${field}: the code is wrong, expired or already used` });
    }
    await clearFailedSignIns(this.pool, user!.username);
    if (answer.recoveryCode !== undefined) {
      await this.audit.record(request, { action: 'auth.recovery-code-used', object: `user:${user!.username}`, result: 'success', actor: { username: user!.username, role: user!.role } });
    }
    return this.start.start(request, reply, user!, answer.recoveryCode !== undefined ? 'password+recovery-code' : 'password+totp');
  }

  /** A code right for the secret, of a time step newer than any accepted before (a code signs in once). */
  private async acceptCode(user: StoredUser, code: string, at: Date): Promise<boolean> {
    const step = await acceptedTotpStep(this.box.open(user.totpSecret!), code, at, user.totpLastStep);
    return step !== undefined && (await claimTotpStep(this.pool, user.username, step));
  }

  private async countFailure(request: FastifyRequest, username: string, user: StoredUser | undefined, what: string): Promise<void> {
    const { lockedNow } = await recordFailedSignIn(this.pool, username, this.lockout(), this.clock.now());
    if (lockedNow && user) {
      await this.audit.record(request, {
        action: 'auth.account-locked',
        object: `user:${user.username}`,
        result: 'success',
        actor: { username: user.username, role: user.role },
        details: { after: what, attempts: this.env.AUTH_LOCKOUT_ATTEMPTS, windowMinutes: this.env.AUTH_LOCKOUT_WINDOW_MINUTES, lockMinutes: this.env.AUTH_LOCKOUT_MINUTES },
      });
    }
  }

  private async refuse(request: FastifyRequest, username: string, user: StoredUser | undefined, reason: string): Promise<never> {
    await this.audit.record(request, {
      action: 'auth.sign-in-failed',
      object: `user:${username.slice(0, 64)}`,
      result: 'failure',
      actor: { username: user?.username ?? null, role: user?.role ?? null },
      details: { reason },
    });
    throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'the user name or the password is wrong', field: 'password' });
  }

  private lockout() {
    return { attempts: this.env.AUTH_LOCKOUT_ATTEMPTS, windowMinutes: this.env.AUTH_LOCKOUT_WINDOW_MINUTES, lockMinutes: this.env.AUTH_LOCKOUT_MINUTES };
  }
}
