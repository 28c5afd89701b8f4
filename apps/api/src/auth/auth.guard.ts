import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role, SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PERMITTED_ROLES, PUBLIC_ROUTE, SCRAPE_TOKEN_ACCEPTED } from './access.decorators.js';
import { rememberUser } from './current-user.js';
import { bearerOf, SessionTokens } from './session-tokens.js';

/** Every route needs a signed-in user unless it is @Public(); the user's role must be permitted (design §5). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: SessionTokens,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets: Parameters<Reflector['getAllAndOverride']>[1] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.reflector.getAllAndOverride<boolean>(SCRAPE_TOKEN_ACCEPTED, targets) && this.isScraper(request)) return true;
    // A token seen before is answered without waiting on anything: most reads come from a dashboard already signed in.
    const known = this.tokens.knownUserOf(request);
    if (known) return this.admit(request, known, targets);
    return this.tokens.userOf(request).then((user) => this.admit(request, user, targets));
  }

  private admit(request: FastifyRequest, user: SignedInUser | undefined, targets: Parameters<Reflector['getAllAndOverride']>[1]): boolean {
    if (!user) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'sign in first: send the token as "Authorization: Bearer …" or the session cookie' });
    rememberUser(request, user);
    const permitted = this.reflector.getAllAndOverride<Role[] | undefined>(PERMITTED_ROLES, targets);
    if (!isPermitted(user, request.method, permitted)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `the ${user.role} role may not ${request.method} ${request.url.split('?')[0]}` });
    }
    return true;
  }

  private isScraper(request: FastifyRequest): boolean {
    const expected = this.env.METRICS_TOKEN;
    const given = bearerOf(request);
    if (!expected || !given || given.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}

function isPermitted(user: SignedInUser, method: string, permitted: Role[] | undefined): boolean {
  if (user.role === 'admin') return true;
  if (permitted) return permitted.includes(user.role);
  return method === 'GET' || method === 'HEAD';
}
