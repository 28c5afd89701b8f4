import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SessionScope, SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { SessionRegistry } from './session-registry.js';
import { bearerOf, SessionTokens } from './session-tokens.js';

/** Who a request comes from: the user, their session, and how the token came (a cookie needs a CSRF proof for writes). */
export interface Principal {
  user: SignedInUser;
  sessionId: string;
  scope: SessionScope;
  via: 'bearer' | 'cookie';
}

/** The session cookie: `__Host-` (Secure, path /, no Domain) whenever the dashboard is served over https. */
export function sessionCookieName(env: Environment): string {
  return isHttps(env) ? '__Host-taizhang_session' : 'taizhang_session';
}

export function isHttps(env: Environment): boolean {
  return env.PUBLIC_BASE_URL.startsWith('https:');
}

const principals = new WeakMap<object, Principal>();

/** The principal the guard (or a raw mount's gate) admitted for this request. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request.raw);
}

export function rememberPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request.raw, principal);
}

/** Reads the bearer token or the session cookie, checks it, and asks whether its session is still live. */
@Injectable()
export class RequestAuthentication {
  private readonly cookieName: string;

  constructor(
    private readonly tokens: SessionTokens,
    private readonly sessions: SessionRegistry,
    @Inject(Environment) env: Environment,
  ) {
    this.cookieName = sessionCookieName(env);
  }

  /** Answered from memory alone, or undefined (then call `authenticate`): most requests come from a dashboard already signed in. */
  known(request: FastifyRequest): Principal | undefined {
    const presented = this.tokenOf(request);
    const claims = presented && this.tokens.knownSession(presented.token);
    if (!claims || this.sessions.knownLive(claims.sessionId) !== true) return undefined;
    return { user: claims.user, sessionId: claims.sessionId, scope: claims.scope, via: presented.via };
  }

  async authenticate(request: FastifyRequest): Promise<Principal | undefined> {
    const known = this.known(request);
    if (known) return known;
    const presented = this.tokenOf(request);
    if (!presented) return undefined;
    const claims = await this.tokens.verifySession(presented.token);
    if (!claims || !(await this.sessions.isLive(claims.sessionId))) return undefined;
    return { user: claims.user, sessionId: claims.sessionId, scope: claims.scope, via: presented.via };
  }

  private tokenOf(request: FastifyRequest): { token: string; via: Principal['via'] } | undefined {
    const bearer = bearerOf(request);
    if (bearer) return { token: bearer, via: 'bearer' };
    const cookie = (request.cookies as Record<string, string | undefined> | undefined)?.[this.cookieName];
    return cookie ? { token: cookie, via: 'cookie' } : undefined;
  }
}
