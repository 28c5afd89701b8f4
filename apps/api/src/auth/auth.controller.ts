import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Patch, Post, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { findUser, hashPassword, passwordMatches, recordFailedSignIn, ROLES, updateUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { OpenBeforeSetUp, Permit, Public } from './access.decorators.js';
import { LoginDto, PasswordChangeDto, ProfileChangesDto, SecondFactorDto } from './auth.dto.js';
import { CsrfProtection } from './csrf.js';
import { CurrentPrincipal } from './current-user.js';
import { assertStrongPassword } from './password-strength.js';
import type { Principal } from './request-authentication.js';
import { SessionRegistry } from './session-registry.js';
import { SessionStart } from './session-start.js';
import { passwordHashingOf, SignInService } from './sign-in.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly signIn: SignInService,
    private readonly start: SessionStart,
    private readonly sessions: SessionRegistry,
    private readonly csrf: CsrfProtection,
    private readonly audit: AuditTrail,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with the password: `{ status: "signed-in", token, csrfToken, scope, user }` and the HttpOnly session cookie, or `{ status: "totp-required", challenge }` for POST /api/auth/login/totp. Any refusal is 401 INVALID_CREDENTIALS; too many attempts 429',
  })
  @ApiOkResponse({ description: 'Signed in, or a second factor is required' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.refuseForeignOrigin(request);
    return this.signIn.withPassword(request, reply, body.username, body.password);
  }

  @Post('login/totp')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'The second step of signing in: the authenticator code (or a recovery code, once each) for the challenge' })
  loginWithSecondFactor(@Body() body: SecondFactorDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.refuseForeignOrigin(request);
    return this.signIn.withSecondFactor(request, reply, body.challenge, { code: body.code, recoveryCode: body.recoveryCode });
  }

  @Post('logout')
  @Permit(...ROLES)
  @OpenBeforeSetUp()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session at once in every API process and clears the cookie' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.end(principal.sessionId, 'signed-out');
    this.start.clearCookie(reply);
    await this.audit.record(request, { action: 'auth.sign-out', object: `session:${principal.sessionId}`, result: 'success' });
  }

  @Get('me')
  @Permit(...ROLES)
  @OpenBeforeSetUp()
  @ApiOperation({ summary: 'Who is signed in: their own details in full, what the session may do, and its CSRF token for writes with the cookie' })
  async me(@CurrentPrincipal() principal: Principal) {
    const user = await findUser(this.pool, principal.user.username);
    if (!user) throw new ForbiddenException({ code: 'FORBIDDEN', message: 'the account no longer exists' });
    return this.start.me(user, principal.sessionId, principal.scope, await this.expiryOf(principal));
  }

  @Patch('me')
  @Permit(...ROLES)
  @ApiOperation({ summary: 'Correct one’s own name or e-mail address (个人信息保护法: every user may see and correct their own details)' })
  async correctMe(@Body() body: ProfileChangesDto, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    const before = await findUser(this.pool, principal.user.username);
    const user = await updateUser(this.pool, principal.user.username, { displayName: body.displayName, email: body.email });
    if (!before || !user) throw new ForbiddenException({ code: 'FORBIDDEN', message: 'the account no longer exists' });
    await this.audit.record(request, {
      action: 'auth.profile-changed',
      object: `user:${user.username}`,
      result: 'success',
      details: { fields: Object.keys(body).filter((key) => body[key as keyof ProfileChangesDto] !== undefined) },
    });
    return this.start.me(user, principal.sessionId, principal.scope, await this.expiryOf(principal));
  }

  @Post('password')
  @Permit(...ROLES)
  @OpenBeforeSetUp()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change one’s own password. Every session of the user ends; the answer signs in again (a new token and cookie). 400 WEAK_PASSWORD says why, also in Chinese',
  })
  async changePassword(@Body() body: PasswordChangeDto, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const user = await findUser(this.pool, principal.user.username);
    if (!user) throw new ForbiddenException({ code: 'FORBIDDEN', message: 'the account no longer exists' });
    if (!(await passwordMatches(body.currentPassword, user.passwordHash))) {
      await recordFailedSignIn(this.pool, user.username, { attempts: this.env.AUTH_LOCKOUT_ATTEMPTS, windowMinutes: this.env.AUTH_LOCKOUT_WINDOW_MINUTES, lockMinutes: this.env.AUTH_LOCKOUT_MINUTES }, this.clock.now());
      await this.audit.record(request, { action: 'auth.password-changed', object: `user:${user.username}`, result: 'failure', details: { reason: 'wrong-current-password' } });
      throw new UnprocessableEntityException({ code: 'WRONG_PASSWORD', field: 'currentPassword', message: 'currentPassword: this is not your current password' });
    }
    if (body.newPassword === body.currentPassword) {
      throw new UnprocessableEntityException({ code: 'SAME_PASSWORD', field: 'newPassword', message: 'newPassword: choose a password other than the current one', messageZh: '新密码不能与当前密码相同。' });
    }
    assertStrongPassword('newPassword', body.newPassword, user);
    const changed = await updateUser(this.pool, user.username, { passwordHash: await hashPassword(body.newPassword, passwordHashingOf(this.env)), mustChangePassword: false });
    this.sessions.endedAllOf(user.username);
    await this.audit.record(request, { action: 'auth.password-changed', object: `user:${user.username}`, result: 'success' });
    return this.start.start(request, reply, changed!, 'password-change');
  }

  private async expiryOf(principal: Principal): Promise<Date> {
    const { rows } = await this.pool.query('SELECT expires_at FROM user_sessions WHERE id = $1', [principal.sessionId]);
    return (rows[0]?.expires_at as Date | undefined) ?? this.clock.now();
  }

  /** Signing in from another site's page (login CSRF) is refused; a client that sends no Origin is not a browser on another site. */
  private refuseForeignOrigin(request: FastifyRequest): void {
    const refusal = this.csrf.foreignOrigin(request);
    if (refusal) throw new ForbiddenException({ code: 'CSRF_REFUSED', message: refusal });
  }
}
