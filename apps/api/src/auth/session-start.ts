import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createSession, rolesRequiringTotp, type Role, type SessionScope, type StoredUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { CsrfProtection } from './csrf.js';
import { isHttps, sessionCookieName } from './request-authentication.js';
import { SessionRegistry } from './session-registry.js';
import { SessionTokens } from './session-tokens.js';

/** Who is signed in, as the dashboard shows it: their own details in full. */
export interface Me {
  username: string;
  displayName: string;
  role: Role;
  county: string | null;
  email: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
  scope: SessionScope;
  csrfToken: string;
  session: { id: string; expiresAt: string; idleMinutes: number };
}

export interface SignedIn {
  status: 'signed-in';
  token: string;
  expiresAt: string;
  scope: SessionScope;
  csrfToken: string;
  user: Me;
}

const USER_AGENT_LIMIT = 300;

/** Starts sessions: a row in user_sessions, a token naming it, and the HttpOnly cookie carrying the token. */
@Injectable()
export class SessionStart {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly tokens: SessionTokens,
    private readonly sessions: SessionRegistry,
    private readonly csrf: CsrfProtection,
    private readonly audit: AuditTrail,
  ) {}

  requiresTotp(role: Role): boolean {
    return rolesRequiringTotp(this.env.AUTH_TOTP_REQUIRED_ROLES).includes(role);
  }

  /** What a new session of this user may do: set a password first, then enrol a second factor where required. */
  scopeFor(user: StoredUser): SessionScope {
    if (user.mustChangePassword) return 'password-change';
    if (this.requiresTotp(user.role) && user.totpSecret === null) return 'totp-enrolment';
    return 'full';
  }

  async start(request: FastifyRequest, reply: FastifyReply, user: StoredUser, via: string): Promise<SignedIn> {
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + this.tokens.ttlSeconds * 1000);
    const userAgent = request.headers['user-agent'];
    const session = await createSession(this.pool, {
      id: randomUUID(),
      username: user.username,
      scope: this.scopeFor(user),
      createdAt,
      expiresAt,
      sourceAddress: request.ip,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, USER_AGENT_LIMIT) : null,
    });
    this.sessions.remember(session);
    const token = await this.tokens.issueSession(user, session.id, session.scope, createdAt, expiresAt);
    void reply.setCookie(sessionCookieName(this.env), token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(this.env),
      path: '/',
      maxAge: this.tokens.ttlSeconds,
    });
    await this.audit.record(request, {
      action: 'auth.sign-in',
      object: `user:${user.username}`,
      result: 'success',
      actor: { username: user.username, role: user.role },
      details: { via, scope: session.scope, session: session.id },
    });
    const me = this.me(user, session.id, session.scope, expiresAt);
    return { status: 'signed-in', token, expiresAt: expiresAt.toISOString(), scope: session.scope, csrfToken: me.csrfToken, user: me };
  }

  me(user: Pick<StoredUser, 'username' | 'displayName' | 'role' | 'county' | 'email' | 'mustChangePassword' | 'totpSecret'>, sessionId: string, scope: SessionScope, expiresAt: Date): Me {
    return {
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      county: user.county,
      email: user.email,
      mustChangePassword: user.mustChangePassword,
      totpEnabled: user.totpSecret !== null,
      totpRequired: this.requiresTotp(user.role),
      scope,
      csrfToken: this.csrf.tokenFor(sessionId),
      session: { id: sessionId, expiresAt: expiresAt.toISOString(), idleMinutes: this.env.AUTH_IDLE_MINUTES },
    };
  }

  clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(sessionCookieName(this.env), { path: '/', secure: isHttps(this.env), httpOnly: true, sameSite: 'strict' });
  }
}
