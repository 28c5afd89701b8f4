import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Environment } from '#libs/config';
import { RedisClient } from '#libs/queues';

/**
 * Sign-in attempts counted in Redis (so every API process shares the count) per address and user
 * name, and per address whatever the names — one password tried over many accounts is throttled
 * too. The lockout of an account itself is counted in PostgreSQL, across addresses (account-lockout.ts).
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly redisClient: RedisClient,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /** Counts one attempt; throws 429 when either count is over its limit. */
  async attempt(address: string, username: string): Promise<void> {
    const windowMs = this.env.LOGIN_WINDOW_SECONDS * 1000;
    const prefix = `${this.env.QUEUE_PREFIX}:sign-in-attempts`;
    const byName = `${prefix}:name:${address}|${username.toLowerCase().slice(0, 64)}`;
    const byAddress = `${prefix}:address:${address}`;
    const replies = await this.redisClient.redis
      .multi()
      .incr(byName)
      .pexpire(byName, windowMs, 'NX')
      .pttl(byName)
      .incr(byAddress)
      .pexpire(byAddress, windowMs, 'NX')
      .pttl(byAddress)
      .exec();
    if (!replies || replies.some(([error]) => error)) throw new Error('could not count the sign-in attempt in Redis');
    const [nameCount, , nameTtl, addressCount, , addressTtl] = replies.map(([, value]) => Number(value));
    const waits = [
      nameCount > this.env.LOGIN_ATTEMPTS_PER_WINDOW ? nameTtl : 0,
      addressCount > this.env.LOGIN_ATTEMPTS_PER_ADDRESS ? addressTtl : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new HttpException(
        { code: 'TOO_MANY_LOGIN_ATTEMPTS', message: `too many sign-in attempts: try again in ${Math.ceil(wait / 1000)} s`, retryAfterSeconds: Math.ceil(wait / 1000) },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
