import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { isRole, type SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { isCountySlug } from '#libs/portfolio';
import { SessionGenerations } from './session-generations.js';

export const SESSION_COOKIE = 'taizhang_session';

interface TokenClaims {
  sub: string;
  name: string;
  role: string;
  county: string | null;
  /** The user's session generation when signed in; tokens from before this claim existed count as 0. */
  gen?: number;
  exp?: number;
}

interface VerifiedToken {
  user: SignedInUser;
  generation: number;
  expiresAt: number;
}

/** Tokens whose signature was checked, kept until they expire: a dashboard sends the same one with every request. */
const VERIFIED_TOKENS_KEPT = 1000;

/** Sign-in tokens: a signed JWT, sent as a bearer token or in the HttpOnly session cookie. */
@Injectable()
export class SessionTokens {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(Environment) private readonly env: Environment,
    private readonly generations: SessionGenerations,
  ) {}

  /** A token for the user at their current session generation (read with the user at sign-in). */
  async issue(user: SignedInUser, sessionGeneration: number): Promise<{ token: string; expiresAt: Date }> {
    this.generations.note(user.username, sessionGeneration);
    const claims: TokenClaims = { sub: user.username, name: user.displayName, role: user.role, county: user.county, gen: sessionGeneration };
    const token = await this.jwt.signAsync(claims, { expiresIn: this.env.AUTH_TOKEN_TTL_MINUTES * 60 });
    return { token, expiresAt: new Date(Date.now() + this.env.AUTH_TOKEN_TTL_MINUTES * 60_000) };
  }

  /** The user the request's token names, or undefined when there is no valid token. */
  async userOf(request: FastifyRequest): Promise<SignedInUser | undefined> {
    const known = this.knownUserOf(request);
    if (known) return known;
    const token = tokenOf(request);
    if (!token) return undefined;
    const verified = await this.verify(token);
    if (!verified || !this.stillCounts(verified)) return undefined;
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, verified);
    return verified.user;
  }

  /** The user of a token verified before, not expired and not ended since; undefined otherwise (then ask userOf). */
  knownUserOf(request: FastifyRequest): SignedInUser | undefined {
    const token = tokenOf(request);
    const known = token === undefined ? undefined : this.verified.get(token);
    if (!known) return undefined;
    if (this.stillCounts(known)) return known.user;
    this.verified.delete(token!);
    return undefined;
  }

  /** Not expired, and the user's sessions have not been ended since it was issued (a new role, password, disabled …). */
  private stillCounts(token: VerifiedToken): boolean {
    return token.expiresAt > Date.now() && token.generation >= this.generations.current(token.user.username);
  }

  private async verify(token: string): Promise<VerifiedToken | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      if (!isRole(claims.role) || claims.exp === undefined) return undefined;
      const county = isCountySlug(claims.county) ? claims.county : null;
      const generation = Number.isInteger(claims.gen) ? claims.gen! : 0;
      return { user: { username: claims.sub, displayName: claims.name, role: claims.role, county }, generation, expiresAt: claims.exp * 1000 };
    } catch {
      return undefined;
    }
  }

  get ttlSeconds(): number {
    return this.env.AUTH_TOKEN_TTL_MINUTES * 60;
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

function tokenOf(request: FastifyRequest): string | undefined {
  return bearerOf(request) ?? (request.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
}
