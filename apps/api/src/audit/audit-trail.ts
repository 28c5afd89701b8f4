import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { appendAuditRecord, type AuditAction, type AuditResult } from '#libs/audit';
import { PG_POOL } from '#libs/database';
import { currentCorrelationId } from '#libs/logging';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from '../auth/auth-clock.js';
import { principalOf } from '../auth/request-authentication.js';
import { correlationIdOf } from '../http/request-correlation.js';

export interface AuditEntry {
  action: AuditAction;
  object?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
  /** Who acted, when the request has no signed-in user yet (a sign-in names the account tried). */
  actor?: { username: string | null; role: string | null };
}

const USER_AGENT_LIMIT = 300;
const audited = new WeakSet<object>();

/** Writes the audit log (安全审计): who, from where, with what, did what to what, and how it ended. */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  /** Records what a request did, with its user, address, user agent and correlation id; never throws. */
  async record(request: FastifyRequest | null, entry: AuditEntry): Promise<void> {
    if (request) audited.add(request.raw);
    const principal = request ? principalOf(request) : undefined;
    const userAgent = request?.headers['user-agent'];
    try {
      await appendAuditRecord(this.pool, {
        at: this.clock.now(),
        actor: entry.actor ? entry.actor.username : (principal?.user.username ?? null),
        actorRole: entry.actor ? entry.actor.role : (principal?.user.role ?? null),
        sourceAddress: request?.ip ?? null,
        userAgent: typeof userAgent === 'string' ? userAgent.slice(0, USER_AGENT_LIMIT) : null,
        action: entry.action,
        object: entry.object ?? null,
        result: entry.result,
        correlationId: (request && correlationIdOf(request)) ?? currentCorrelationId() ?? null,
        details: entry.details ?? {},
      });
    } catch (error) {
      this.logger.error(`could not write the audit record ${entry.action}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Whether a route already recorded this request itself (a failed sign-in is not also a generic refusal). */
export function wasAudited(request: FastifyRequest): boolean {
  return audited.has(request.raw);
}
