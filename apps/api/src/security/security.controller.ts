import { Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { clearLock, endSessionsOf, findUser, listLiveSessions, listLocks, MIN_PASSWORD_LENGTH, resetTotp, rolesRequiringTotp } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from '../auth/auth-clock.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Permit } from '../auth/access.decorators.js';
import { SessionRegistry } from '../auth/session-registry.js';
import { SessionListQueryDto } from './session-list-query.dto.js';

/** The security administrator's (安全管理员): locked accounts, live sessions, second factors, and the policy in force. */
@ApiTags('security')
@Controller('security')
@Permit('security_admin')
export class SecurityController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionRegistry,
    private readonly audit: AuditTrail,
  ) {}

  @Get('locks')
  @ApiOperation({ summary: 'Accounts locked now, and accounts with failed sign-ins in the lockout window' })
  locks() {
    return listLocks(this.pool, this.clock.now(), this.env.AUTH_LOCKOUT_WINDOW_MINUTES);
  }

  @Delete('locks/:username')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unlock an account and forget its failed sign-ins' })
  async clearLock(@Param('username') username: string, @Req() request: FastifyRequest): Promise<void> {
    if (!(await clearLock(this.pool, username))) throw new NotFoundException({ code: 'NOT_LOCKED', field: 'username', message: `${username} is neither locked nor has failed sign-ins` });
    await this.audit.record(request, { action: 'user.lock-cleared', object: `user:${username}`, result: 'success' });
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Live sessions (newest use first), of one user with ?username=' })
  liveSessions(@Query() query: SessionListQueryDto) {
    return listLiveSessions(this.pool, this.clock.now(), query.username);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one session at once, in every API process' })
  async endSession(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: FastifyRequest): Promise<void> {
    const ended = await this.sessions.end(id, 'ended-by-administrator');
    if (!ended) throw new NotFoundException({ code: 'SESSION_NOT_FOUND', field: 'id', message: `no live session ${id}` });
    await this.audit.record(request, { action: 'auth.session-ended', object: `session:${id}`, result: 'success', details: { user: ended.username, by: 'security_admin' } });
  }

  @Post('users/:username/end-sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of a user at once, in every API process' })
  async endSessionsOf(@Param('username') username: string, @Req() request: FastifyRequest) {
    if (!(await findUser(this.pool, username))) throw new NotFoundException({ code: 'USER_NOT_FOUND', field: 'username', message: `no user is named ${username}` });
    const ended = await endSessionsOf(this.pool, username, 'ended-by-administrator');
    this.sessions.endedAllOf(username);
    await this.audit.record(request, { action: 'user.sessions-ended', object: `user:${username}`, result: 'success', details: { ended } });
    return { ended };
  }

  @Delete('users/:username/totp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset a user’s second factor (a lost phone): they enrol again at the next sign-in; their sessions end' })
  async resetSecondFactor(@Param('username') username: string, @Req() request: FastifyRequest): Promise<void> {
    if (!(await resetTotp(this.pool, username))) throw new NotFoundException({ code: 'NO_SECOND_FACTOR', field: 'username', message: `${username} has no second factor to reset` });
    this.sessions.endedAllOf(username);
    await this.audit.record(request, { action: 'user.totp-reset', object: `user:${username}`, result: 'success' });
  }

  @Get('policy')
  @ApiOperation({ summary: 'The security policy in force (set by environment variables at start-up)' })
  policy() {
    const env = this.env;
    return {
      session: { absoluteMinutes: env.AUTH_TOKEN_TTL_MINUTES, idleMinutes: env.AUTH_IDLE_MINUTES },
      lockout: { attempts: env.AUTH_LOCKOUT_ATTEMPTS, windowMinutes: env.AUTH_LOCKOUT_WINDOW_MINUTES, lockMinutes: env.AUTH_LOCKOUT_MINUTES },
      throttle: { perAddressAndName: env.LOGIN_ATTEMPTS_PER_WINDOW, perAddress: env.LOGIN_ATTEMPTS_PER_ADDRESS, windowSeconds: env.LOGIN_WINDOW_SECONDS },
      password: { minLength: MIN_PASSWORD_LENGTH, algorithm: 'argon2id', memoryKib: env.AUTH_PASSWORD_MEMORY_KIB, timeCost: env.AUTH_PASSWORD_TIME_COST },
      secondFactor: { requiredFor: rolesRequiringTotp(env.AUTH_TOTP_REQUIRED_ROLES) },
      proxy: { trusted: env.TRUST_PROXY ?? 'false' },
    };
  }
}
