import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg, { type Pool } from 'pg';
import { endSession, findSession, SESSION_ENDED_CHANNEL, sessionsEndedSince, touchSessions, type Session, type SessionEndReason } from '#libs/access';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';

interface KnownSession {
  id: string;
  username: string;
  expiresAt: number;
  /** When this process last knew the session was used (its own requests, or the table's last_seen_at). */
  lastSeen: number;
  ended: boolean;
}

const SESSIONS_KEPT = 10_000;
/** A session's last use is written at most this often per process. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Which sessions are live, as this process knows them. A session ends in the user_sessions table
 * (logout, an administrator, a change of the account, idleness); PostgreSQL announces it on
 * SESSION_ENDED_CHANNEL and every API process forgets it as soon as the notification arrives, with a
 * read of recently ended sessions every AUTH_SESSION_CHECK_MS in case one was missed. Writes ask the
 * table itself (`confirm`), so no write is let through on a session ended a moment before elsewhere.
 * Idleness is judged from the last use any process recorded: uses are written in batches.
 */
@Injectable()
export class SessionRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionRegistry.name);
  private readonly sessions = new Map<string, KnownSession>();
  private readonly touched = new Map<string, Date>();
  private readonly lastWritten = new Map<string, number>();
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private checkedUntil: Date;
  private closing = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {
    this.checkedUntil = new Date(Date.now());
  }

  private get idleMs(): number {
    return this.env.AUTH_IDLE_MINUTES * 60_000;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => void this.check(), this.env.AUTH_SESSION_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.flushTouches().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  /** A session just made by this process. */
  remember(session: Session): void {
    this.keep({ id: session.id, username: session.username, expiresAt: session.expiresAt.getTime(), lastSeen: session.lastSeenAt.getTime(), ended: false });
  }

  /** Live as far as this process knows without asking anyone; undefined when it would have to ask (then call `isLive`). */
  knownLive(sessionId: string): boolean | undefined {
    const known = this.sessions.get(sessionId);
    if (!known) return undefined;
    if (known.ended || known.expiresAt <= this.now()) return false;
    return this.now() - known.lastSeen <= this.idleMs ? true : undefined;
  }

  /** Live or not, asking the table when this process does not know, or thinks the session may have been idle too long. */
  async isLive(sessionId: string): Promise<boolean> {
    const known = this.knownLive(sessionId);
    if (known !== undefined) return known;
    return this.load(sessionId);
  }

  /** Asks the table, whatever this process knows: for writes. */
  async confirm(sessionId: string): Promise<boolean> {
    return this.load(sessionId);
  }

  /** The session was used now. */
  touch(sessionId: string): void {
    const known = this.sessions.get(sessionId);
    if (!known) return;
    const now = this.now();
    known.lastSeen = now;
    if (now - (this.lastWritten.get(sessionId) ?? 0) >= TOUCH_EVERY_MS) this.touched.set(sessionId, new Date(now));
  }

  async end(sessionId: string, reason: SessionEndReason): Promise<Session | undefined> {
    this.markEnded(sessionId);
    return endSession(this.pool, sessionId, reason);
  }

  /**
   * The account changed through this process (role, password, disabled, second factor …): its
   * sessions are refused here at once, before PostgreSQL's notification comes back.
   */
  endedAllOf(username: string): void {
    for (const session of this.sessions.values()) if (session.username === username) this.markEnded(session.id);
  }

  markEnded(sessionId: string): void {
    const known = this.sessions.get(sessionId);
    if (known) known.ended = true;
    this.touched.delete(sessionId);
    this.lastWritten.delete(sessionId);
  }

  private async load(sessionId: string): Promise<boolean> {
    const stored = await findSession(this.pool, sessionId);
    if (!stored) return false;
    const local = this.sessions.get(sessionId);
    const lastSeen = Math.max(stored.lastSeenAt.getTime(), local?.lastSeen ?? 0);
    this.keep({ id: stored.id, username: stored.username, expiresAt: stored.expiresAt.getTime(), lastSeen, ended: stored.endedAt !== null });
    if (stored.endedAt !== null || stored.expiresAt.getTime() <= this.now()) return false;
    if (this.now() - lastSeen > this.idleMs) {
      await this.end(sessionId, 'idle');
      return false;
    }
    return true;
  }

  private keep(session: KnownSession): void {
    if (!this.sessions.has(session.id) && this.sessions.size >= SESSIONS_KEPT) {
      const oldest = this.sessions.keys().next().value!;
      this.sessions.delete(oldest);
      this.lastWritten.delete(oldest);
    }
    this.sessions.set(session.id, session);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL, application_name: 'taizhang-api-sessions' });
    client.on('notification', (message) => {
      if (message.channel === SESSION_ENDED_CHANNEL && message.payload) this.markEnded(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn(`lost the session notifications (${error.message}): reading ended sessions every ${this.env.AUTH_SESSION_CHECK_MS} ms until it is back`);
      if (this.listener === client) this.listener = undefined;
    });
    await client.connect();
    await client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`);
    this.listener = client;
  }

  private async check(): Promise<void> {
    try {
      await this.flushTouches();
      const since = this.checkedUntil;
      // A little overlap: a session ended in a transaction that committed just after the last read.
      this.checkedUntil = new Date(Date.now());
      for (const { id } of await sessionsEndedSince(this.pool, new Date(since.getTime() - 60_000))) this.markEnded(id);
      if (!this.listener && !this.closing) await this.listen();
    } catch (error) {
      this.logger.warn(`could not check the sessions: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async flushTouches(): Promise<void> {
    if (this.touched.size === 0) return;
    const batch = new Map(this.touched);
    this.touched.clear();
    await touchSessions(this.pool, batch);
    for (const [id, at] of batch) this.lastWritten.set(id, at.getTime());
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
