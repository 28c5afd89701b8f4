import { BadRequestException, Body, ConflictException, Controller, Get, Inject, NotFoundException, Param, Patch, Post, Req, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { createUser, emailFor, findUser, hashPassword, listUsers, ManagerWithoutCounty, publicUser, updateUser, UserAlreadyExists, type SignedInUser, type StoredUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { AuditTrail } from '../audit/audit-trail.js';
import { Permit } from './access.decorators.js';
import { assertManages } from './account-domains.js';
import { NewUserDto, UserChangesDto } from './auth.dto.js';
import { CurrentUser } from './current-user.js';
import { assertStrongPassword } from './password-strength.js';
import { SessionRegistry } from './session-registry.js';
import { passwordHashingOf } from './sign-in.service.js';

/** Accounts: the system administrator keeps leaders, managers and viewers; the security administrator the administrators. */
@ApiTags('auth')
@Controller('users')
@Permit('admin', 'security_admin')
export class UsersController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    private readonly audit: AuditTrail,
    private readonly sessions: SessionRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every user; e-mail addresses in full for the system administrator only' })
  async list(@CurrentUser() me: SignedInUser) {
    return (await listUsers(this.pool)).map((user) => this.shown(user, me));
  }

  @Post()
  @ApiOperation({ summary: 'Add a user (the system administrator: leader, manager, viewer; the security administrator: the administrator roles); they change the password at first sign-in' })
  async create(@Body() body: NewUserDto, @CurrentUser() me: SignedInUser, @Req() request: FastifyRequest) {
    assertManages(me, body.role);
    assertStrongPassword('password', body.password, { username: body.username, displayName: body.displayName, email: body.email });
    try {
      const user = await createUser(this.pool, {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        county: body.role === 'manager' ? (body.county ?? null) : null,
        email: body.email ?? null,
        passwordHash: await hashPassword(body.password, passwordHashingOf(this.env)),
        mustChangePassword: true,
      });
      await this.audit.record(request, { action: 'user.created', object: `user:${user.username}`, result: 'success', details: { role: user.role, county: user.county } });
      return this.shown(user, me);
    } catch (error) {
      if (error instanceof UserAlreadyExists) throw new ConflictException({ code: 'USER_EXISTS', field: 'username', message: `username: ${error.message}` });
      throw error;
    }
  }

  @Patch(':username')
  @ApiOperation({ summary: 'Change a user’s name, role, county, e-mail, password (to be changed at next sign-in) or whether they may sign in; their sessions end when what they may do changes' })
  async change(@Param('username') username: string, @Body() body: UserChangesDto, @CurrentUser() me: SignedInUser, @Req() request: FastifyRequest) {
    // An administrator who disabled or demoted themself could leave the ledger with no administrator at all.
    if (username === me.username && (body.disabled === true || (body.role !== undefined && body.role !== me.role))) {
      const field = body.disabled === true ? 'disabled' : 'role';
      throw new UnprocessableEntityException({ code: 'OWN_ACCOUNT', field, message: `${field}: administrators may not disable themselves or change their own role` });
    }
    const current = await findUser(this.pool, username);
    if (!current) throw new NotFoundException({ code: 'USER_NOT_FOUND', field: 'username', message: `no user is named ${username}` });
    assertManages(me, current.role, 'username');
    if (body.role !== undefined) assertManages(me, body.role);
    const { password, ...changes } = body;
    if (password !== undefined) assertStrongPassword('password', password, { username, displayName: body.displayName ?? current.displayName, email: body.email ?? current.email });
    const passwordHash = password === undefined ? undefined : await hashPassword(password, passwordHashingOf(this.env));
    const user = await updateUser(this.pool, username, { ...changes, passwordHash, mustChangePassword: password === undefined ? undefined : true }).catch((error: unknown) => {
      if (error instanceof ManagerWithoutCounty) throw new BadRequestException({ code: 'INVALID_INPUT', field: 'county', message: 'county is required for a manager' });
      throw error;
    });
    if (!user) throw new NotFoundException({ code: 'USER_NOT_FOUND', field: 'username', message: `no user is named ${username}` });
    if (endsSessions(current, user)) this.sessions.endedAllOf(user.username);
    await this.audit.record(request, {
      action: 'user.changed',
      object: `user:${user.username}`,
      result: 'success',
      details: {
        fields: Object.keys(body).filter((key) => body[key as keyof UserChangesDto] !== undefined),
        ...(current.role !== user.role ? { role: { from: current.role, to: user.role } } : {}),
        ...(current.disabled !== user.disabled ? { disabled: user.disabled } : {}),
      },
    });
    return this.shown(user, me);
  }

  private shown(user: StoredUser, reader: SignedInUser) {
    return { ...publicUser(user), email: emailFor(reader, user.email) };
  }
}

/** What the users table's trigger ends sessions for (migration 1764900000000-security). */
function endsSessions(before: StoredUser, after: StoredUser): boolean {
  return before.role !== after.role || before.county !== after.county || before.passwordHash !== after.passwordHash || before.disabled !== after.disabled;
}
