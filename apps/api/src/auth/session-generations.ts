import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { sessionGenerations } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';

/**
 * The session generation of each user as this process last saw it (design: a token of an older
 * generation is refused). Changes made through this process count at once; changes made by other
 * processes once the next read of the users table has seen them (every AUTH_SESSION_CHECK_MS).
 */
@Injectable()
export class SessionGenerations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionGenerations.name);
  private readonly generations = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  current(username: string): number {
    return this.generations.get(username) ?? 0;
  }

  /** A generation read from the users table by this process (a sign-in, a change): never goes back. */
  note(username: string, generation: number): void {
    if (generation > this.current(username)) this.generations.set(username, generation);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.env.AUTH_SESSION_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async refresh(): Promise<void> {
    try {
      for (const [username, generation] of await sessionGenerations(this.pool)) this.note(username, generation);
    } catch (error) {
      this.logger.warn(`could not read the users' session generations: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
