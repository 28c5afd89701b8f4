import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SignedInUser } from '#libs/access';

const users = new WeakMap<object, SignedInUser>();

export function rememberUser(request: FastifyRequest, user: SignedInUser): void {
  users.set(request.raw, user);
}

export function userOfRequest(request: FastifyRequest): SignedInUser | undefined {
  return users.get(request.raw);
}

/** The signed-in user the guard admitted. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInUser => {
  const user = userOfRequest(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!user) throw new Error('no signed-in user: the route is public or the guard is not installed');
  return user;
});
