import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SignedInUser } from '#libs/access';
import { principalOf, type Principal } from './request-authentication.js';

export function userOfRequest(request: FastifyRequest): SignedInUser | undefined {
  return principalOf(request)?.user;
}

/** The signed-in user the guard admitted. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInUser => {
  const user = userOfRequest(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!user) throw new Error('no signed-in user: the route is public or the guard is not installed');
  return user;
});

/** The signed-in user with their session. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = principalOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('no signed-in user: the route is public or the guard is not installed');
  return principal;
});
