import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { isRole, SESSION_SCOPES, type SessionScope, type SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { isCountySlug, type Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';

export const TOKEN_ISSUER = 'taizhang';
export const TOKEN_AUDIENCE = 'taizhang-api';

/** A session token; a second-factor challenge is a token of its own type that opens nothing else. */
export type TokenType = 'session' | 'totp-challenge';

interface TokenClaims {
  typ: TokenType;
  sub: string;
  sid: string;
  name: string;
  role: string;
  county: string | null;
  email?: string | null;
  scope?: string;
  iat: number;
  exp: number;
}

/** What a verified session token says. */
export interface SessionClaims {
  user: SignedInUser;
  sessionId: string;
  scope: SessionScope;
  expiresAt: number;
}

export interface ChallengeClaims {
  username: string;
  challengeId: string;
  expiresAt: number;
}

/** Tokens whose signature was checked, kept until they expire: a dashboard sends the same one with every request. */
const VERIFIED_TOKENS_KEPT = 1000;
const CHALLENGE_SECONDS = 300;

/**
 * Signed JWTs (HS256) with issuer, audience and type checked, and a lifetime no longer than
 * AUTH_TOKEN_TTL_MINUTES: a token claiming longer is refused even when its signature is right.
 * Whether the session behind it is still live is the SessionRegistry's to say.
 */
@Injectable()
export class SessionTokens {
  private readonly verified = new Map<string, SessionClaims>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.env.AUTH_TOKEN_TTL_MINUTES * 60;
  }

  async issueSession(user: SignedInUser, sessionId: string, scope: SessionScope, issuedAt: Date, expiresAt: Date): Promise<string> {
    const claims: TokenClaims = {
      typ: 'session',
      sub: user.username,
      sid: sessionId,
      name: user.displayName,
      role: user.role,
      county: user.county,
      email: user.email ?? null,
      scope,
      iat: Math.floor(issuedAt.getTime() / 1000),
      exp: Math.floor(expiresAt.getTime() / 1000),
    };
    return this.jwt.signAsync(claims);
  }

  async issueChallenge(username: string, challengeId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims: TokenClaims = { typ: 'totp-challenge', sub: username, sid: challengeId, name: '', role: 'viewer', county: null, iat: now, exp: now + CHALLENGE_SECONDS };
    return { token: await this.jwt.signAsync(claims), expiresAt: new Date((now + CHALLENGE_SECONDS) * 1000) };
  }

  /** The claims of a session token seen before and not expired since; undefined otherwise (then ask `verifySession`). */
  knownSession(token: string): SessionClaims | undefined {
    const known = this.verified.get(token);
    if (!known) return undefined;
    if (known.expiresAt > this.clock.now().getTime()) return known;
    this.verified.delete(token);
    return undefined;
  }

  async verifySession(token: string): Promise<SessionClaims | undefined> {
    const known = this.knownSession(token);
    if (known) return known;
    const claims = await this.verify(token, 'session', this.ttlSeconds);
    if (!claims || !isRole(claims.role) || !(SESSION_SCOPES as readonly string[]).includes(claims.scope ?? '')) return undefined;
    const county = isCountySlug(claims.county) ? claims.county : null;
    const session: SessionClaims = {
      user: { username: claims.sub, displayName: claims.name, role: claims.role, county, email: claims.email ?? null },
      sessionId: claims.sid,
      scope: claims.scope as SessionScope,
      expiresAt: claims.exp * 1000,
    };
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, session);
    return session;
  }

  async verifyChallenge(token: string): Promise<ChallengeClaims | undefined> {
    const claims = await this.verify(token, 'totp-challenge', CHALLENGE_SECONDS);
    return claims ? { username: claims.sub, challengeId: claims.sid, expiresAt: claims.exp * 1000 } : undefined;
  }

  private async verify(token: string, type: TokenType, maxLifetimeSeconds: number): Promise<TokenClaims | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, { clockTimestamp: Math.floor(this.clock.now().getTime() / 1000) });
      const lifetime = claims.exp - claims.iat;
      if (claims.typ !== type || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
      if (!Number.isFinite(lifetime) || lifetime <= 0 || lifetime > maxLifetimeSeconds) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
