import { Body, Controller, Get, HttpCode, Inject, Post, Res, UnauthorizedException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { findUser, passwordMatches, type SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { Public } from './access.decorators.js';
import { LoginDto } from './auth.dto.js';
import { CurrentUser } from './current-user.js';
import { SESSION_COOKIE, SessionTokens } from './session-tokens.js';

/** Attempts are counted per address and user name (in Redis, so every API process shares the count). */
function loginAttemptKey(request: FastifyRequest): string {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return `${request.ip}|${typeof username === 'string' ? username.toLowerCase().slice(0, 64) : ''}`;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly tokens: SessionTokens,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @RouteConfig({ rateLimit: { hook: 'preHandler', keyGenerator: loginAttemptKey } })
  @ApiOperation({ summary: 'Sign in: returns a bearer token and sets the HttpOnly session cookie; attempts are rate-limited (429)' })
  @ApiOkResponse({ description: '{ token, expiresAt, user }' })
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const stored = await findUser(this.pool, body.username);
    const matches = await passwordMatches(body.password, stored?.passwordHash);
    if (!stored || !matches || stored.disabled) {
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'the user name or the password is wrong', field: 'password' });
    }
    const user: SignedInUser = { username: stored.username, displayName: stored.displayName, role: stored.role, county: stored.county };
    const { token, expiresAt } = await this.tokens.issue(user, stored.sessionGeneration);
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.env.PUBLIC_BASE_URL.startsWith('https:'),
      path: '/',
      maxAge: this.tokens.ttlSeconds,
    });
    return { token, expiresAt, user };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: clears the session cookie' })
  logout(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ summary: 'Who the token or cookie signs in' })
  me(@CurrentUser() user: SignedInUser): SignedInUser {
    return user;
  }
}
