import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sameText } from '#libs/access';
import { Environment } from '#libs/config';
import { AUTH_SECRET } from './auth-secret.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * A write authenticated by the session cookie must prove it comes from the dashboard: the browser
 * says it comes from this site (Sec-Fetch-Site, Origin), and the request carries the session's CSRF
 * token, which only the dashboard's own scripts can read (GET /api/auth/me). Bearer tokens are not
 * sent by browsers on their own, so bearer clients need none of this.
 */
@Injectable()
export class CsrfProtection {
  private readonly publicOrigin: string;

  constructor(
    @Inject(AUTH_SECRET) private readonly secret: string,
    @Inject(Environment) env: Environment,
  ) {
    this.publicOrigin = new URL(env.PUBLIC_BASE_URL).origin;
  }

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.secret).update(`csrf|${sessionId}`).digest('base64url');
  }

  /** Why the request cannot be from the dashboard, or undefined when it can. */
  refusal(request: FastifyRequest, sessionId: string): string | undefined {
    const foreign = this.foreignOrigin(request);
    if (foreign) return foreign;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameText(given, this.tokenFor(sessionId))) {
      return 'a write with the session cookie needs the X-CSRF-Token header of the session (from GET /api/auth/me)';
    }
    return undefined;
  }

  /** A browser's own word that the request comes from another site. */
  foreignOrigin(request: FastifyRequest): string | undefined {
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}: writes come from the dashboard only`;
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== this.publicOrigin && origin !== `${request.protocol}://${request.host}`) {
      return `Origin ${origin} is not this site`;
    }
    return undefined;
  }
}
