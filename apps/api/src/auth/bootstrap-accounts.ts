import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { countUsers, createUser, hashPassword, ROLE_TITLES, UserAlreadyExists, type Role } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { passwordHashingOf } from './sign-in.service.js';

/**
 * The first accounts, from AUTH_BOOTSTRAP_ADMIN / _SECURITY_ADMIN / _AUDITOR, each created while no
 * user of its role exists and made to change its password at first sign-in. Production refuses to
 * run when nobody at all could sign in.
 */
@Injectable()
export class BootstrapAccounts implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAccounts.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const given: [Role, string | undefined][] = [
      ['admin', this.env.AUTH_BOOTSTRAP_ADMIN],
      ['security_admin', this.env.AUTH_BOOTSTRAP_SECURITY_ADMIN],
      ['auditor', this.env.AUTH_BOOTSTRAP_AUDITOR],
    ];
    if (this.env.NODE_ENV === 'production' && !this.env.AUTH_BOOTSTRAP_ADMIN && (await countUsers(this.pool)) === 0) {
      throw new Error('no user can sign in: set AUTH_BOOTSTRAP_ADMIN=username:password for the first administrator');
    }
    for (const [role, account] of given) {
      if (account && (await countUsers(this.pool, role)) === 0) await this.create(role, account);
    }
  }

  private async create(role: Role, account: string): Promise<void> {
    const separator = account.indexOf(':');
    const username = account.slice(0, separator);
    try {
      await createUser(this.pool, {
        username,
        displayName: ROLE_TITLES[role],
        role,
        county: null,
        passwordHash: await hashPassword(account.slice(separator + 1), passwordHashingOf(this.env)),
        mustChangePassword: true,
      });
      this.logger.log(`created the first ${role} account, ${username}: it must change its password at first sign-in`);
    } catch (error) {
      if (!(error instanceof UserAlreadyExists)) throw error; // another API process created it first
    }
  }
}
