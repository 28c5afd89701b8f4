import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { countUsers, createUser, hashPassword, UserAlreadyExists } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';

/** While nobody can sign in, creates the administrator AUTH_BOOTSTRAP_ADMIN names; production refuses to run without one. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await countUsers(this.pool)) > 0) return;
    const given = this.env.AUTH_BOOTSTRAP_ADMIN;
    if (!given) {
      if (this.env.NODE_ENV === 'production') throw new Error('no user can sign in: set AUTH_BOOTSTRAP_ADMIN=username:password for the first administrator');
      return;
    }
    const separator = given.indexOf(':');
    const username = given.slice(0, separator);
    try {
      await createUser(this.pool, {
        username,
        displayName: '系统管理员',
        role: 'admin',
        county: null,
        passwordHash: await hashPassword(given.slice(separator + 1), this.env.AUTH_PASSWORD_COST),
      });
      this.logger.log(`created the first administrator, ${username}`);
    } catch (error) {
      if (!(error instanceof UserAlreadyExists)) throw error; // another API process created it first
    }
  }
}
