import { Body, ConflictException, Controller, Get, Inject, NotFoundException, Param, Patch, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { BadRequestException } from '@nestjs/common';
import { createUser, hashPassword, listUsers, ManagerWithoutCounty, publicUser, updateUser, UserAlreadyExists, type SignedInUser } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { Permit } from './access.decorators.js';
import { CurrentUser } from './current-user.js';
import { SessionGenerations } from './session-generations.js';
import { NewUserDto, UserChangesDto } from './auth.dto.js';

/** The administrator's: who may sign in, with which role. */
@ApiTags('auth')
@Controller('users')
@Permit('admin')
export class UsersController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    private readonly generations: SessionGenerations,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every user (administrators only)' })
  async list() {
    return (await listUsers(this.pool)).map(publicUser);
  }

  @Post()
  @ApiOperation({ summary: 'Add a user (administrators only)' })
  async create(@Body() body: NewUserDto) {
    try {
      const user = await createUser(this.pool, {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        county: body.role === 'manager' ? (body.county ?? null) : null,
        passwordHash: await hashPassword(body.password, this.env.AUTH_PASSWORD_COST),
      });
      return publicUser(user);
    } catch (error) {
      if (error instanceof UserAlreadyExists) throw new ConflictException({ code: 'USER_EXISTS', field: 'username', message: `username: ${error.message}` });
      throw error;
    }
  }

  @Patch(':username')
  @ApiOperation({ summary: 'Change a user’s name, role, county, password or whether they may sign in (administrators only)' })
  async change(@Param('username') username: string, @Body() body: UserChangesDto, @CurrentUser() me: SignedInUser) {
    // An administrator who disabled or demoted themself could leave the ledger with no administrator at all.
    if (username === me.username && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
      const field = body.disabled === true ? 'disabled' : 'role';
      throw new UnprocessableEntityException({ code: 'OWN_ACCOUNT', field, message: `${field}: administrators may not disable or demote themselves` });
    }
    const { password, ...changes } = body;
    const passwordHash = password === undefined ? undefined : await hashPassword(password, this.env.AUTH_PASSWORD_COST);
    const user = await updateUser(this.pool, username, { ...changes, passwordHash }).catch((error: unknown) => {
      if (error instanceof ManagerWithoutCounty) throw new BadRequestException({ code: 'INVALID_INPUT', field: 'county', message: 'county is required for a manager' });
      throw error;
    });
    if (!user) throw new NotFoundException({ code: 'USER_NOT_FOUND', field: 'username', message: `no user is named ${username}` });
    this.generations.note(user.username, user.sessionGeneration); // this process refuses the old tokens at once
    return publicUser(user);
  }
}
