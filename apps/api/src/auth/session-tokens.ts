import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { isRole, type SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { isCountySlug } from '#libs/portfolio';

export const SESSION_COOKIE = 'taizhang_session';

interface TokenClaims {
  sub: string;
  name: string;
  role: string;
  county: string | null;
  exp?: number;
}

/** Tokens whose signature was checked, kept until they expire: a dashboard sends the same one with every request. */
const VERIFIED_TOKENS_KEPT = 1000;

/** Sign-in tokens: a signed JWT, sent as a bearer token or in the HttpOnly session cookie. */
@Injectable()
export class SessionTokens {
  private readonly verified = new Map<string, { user: SignedInUser; expiresAt: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async issue(user: SignedInUser): Promise<{ token: string; expiresAt: Date }> {
    const claims: TokenClaims = { sub: user.username, name: user.displayName, role: user.role, county: user.county };
    const token = await this.jwt.signAsync(claims, { expiresIn: this.env.AUTH_TOKEN_TTL_MINUTES * 60 });
    return { token, expiresAt: new Date(Date.now() + this.env.AUTH_TOKEN_TTL_MINUTES * 60_000) };
  }

  /** The user the request's token names, or undefined when there is no valid token. */
  async userOf(request: FastifyRequest): Promise<SignedInUser | undefined> {
    const known = this.knownUserOf(request);
    if (known) return known;
    const token = tokenOf(request);
    if (!token) return undefined;
    const user = await this.verify(token);
    if (user) {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, user);
      return user.user;
    }
    return undefined;
  }

  /** The user of a token verified before and not expired since; undefined otherwise (then ask userOf). */
  knownUserOf(request: FastifyRequest): SignedInUser | undefined {
    const token = tokenOf(request);
    const known = token === undefined ? undefined : this.verified.get(token);
    if (!known) return undefined;
    if (known.expiresAt > Date.now()) return known.user;
    this.verified.delete(token!);
    return undefined;
  }

  private async verify(token: string): Promise<{ user: SignedInUser; expiresAt: number } | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      if (!isRole(claims.role) || claims.exp === undefined) return undefined;
      const county = isCountySlug(claims.county) ? claims.county : null;
      return { user: { username: claims.sub, displayName: claims.name, role: claims.role, county }, expiresAt: claims.exp * 1000 };
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
