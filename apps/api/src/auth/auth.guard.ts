import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role, SessionScope } from '#libs/access';
import { Environment } from '#libs/config';
import { OPEN_TO_SCOPES, PERMITTED_ROLES, PUBLIC_ROUTE, SCRAPE_TOKEN_ACCEPTED } from './access.decorators.js';
import { CsrfProtection, isUnsafeMethod } from './csrf.js';
import { rememberPrincipal, RequestAuthentication, type Principal } from './request-authentication.js';
import { SessionRegistry } from './session-registry.js';
import { presentsMetricsToken } from './metrics-token.js';

type Targets = Parameters<Reflector['getAllAndOverride']>[1];

const SET_UP_FIRST: Record<Exclude<SessionScope, 'full'>, { code: string; message: string }> = {
  'password-change': { code: 'PASSWORD_CHANGE_REQUIRED', message: 'change your password first (POST /api/auth/password)' },
  'totp-enrolment': { code: 'TOTP_ENROLMENT_REQUIRED', message: 'enrol a second factor first (POST /api/auth/totp/enrolment)' },
};

/**
 * The one gate of Nest's routes (design §8): a route is @Public() or names the roles that may call
 * it with @Permit(…) — one that does neither is refused. A session that must first change its
 * password or enrol a second factor reaches only the routes that let it do so. A write with the
 * session cookie must carry the CSRF proof, and is checked against the sessions table itself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: RequestAuthentication,
    private readonly sessions: SessionRegistry,
    private readonly csrf: CsrfProtection,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets: Targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.reflector.getAllAndOverride<boolean>(SCRAPE_TOKEN_ACCEPTED, targets) && presentsMetricsToken(request, this.env)) return true;
    const known = this.authentication.known(request);
    if (known && !isUnsafeMethod(request.method)) return this.admit(request, known, targets);
    return this.admitChecked(request, known, targets);
  }

  private async admitChecked(request: FastifyRequest, known: Principal | undefined, targets: Targets): Promise<boolean> {
    const principal = known ?? (await this.authentication.authenticate(request));
    if (principal && isUnsafeMethod(request.method)) {
      const refusal = principal.via === 'cookie' ? this.csrf.refusal(request, principal.sessionId) : undefined;
      if (refusal) throw new ForbiddenException({ code: 'CSRF_REFUSED', message: refusal });
      if (!(await this.sessions.confirm(principal.sessionId))) throw unauthenticated();
    }
    return this.admit(request, principal, targets);
  }

  private admit(request: FastifyRequest, principal: Principal | undefined, targets: Targets): boolean {
    if (!principal) throw unauthenticated();
    rememberPrincipal(request, principal);
    const scopes = this.reflector.getAllAndOverride<SessionScope[] | undefined>(OPEN_TO_SCOPES, targets) ?? ['full'];
    if (principal.scope !== 'full' && !scopes.includes(principal.scope)) throw new ForbiddenException(SET_UP_FIRST[principal.scope]);
    const permitted = this.reflector.getAllAndOverride<Role[] | undefined>(PERMITTED_ROLES, targets);
    if (!permitted?.includes(principal.user.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `the ${principal.user.role} role may not ${request.method} ${request.url.split('?')[0]}` });
    }
    this.sessions.touch(principal.sessionId);
    return true;
  }
}

function unauthenticated(): UnauthorizedException {
  return new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'sign in first: send the token as "Authorization: Bearer …" or the session cookie' });
}
