import { InjectQueue } from '@nestjs/bullmq';
import { Controller, ForbiddenException, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { READER_ROLES, type SignedInUser } from '#libs/access';
import { digestCounts, listDigests } from '#libs/alerts';
import { PG_POOL } from '#libs/database';
import { AlertScanJob, QueueName } from '#libs/queues';
import { AuditTrail } from '../audit/audit-trail.js';
import { Permit } from '../auth/access.decorators.js';
import { CurrentUser } from '../auth/current-user.js';
import { AlertListQueryDto } from './alert-list-query.dto.js';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @InjectQueue(QueueName.AlertScan) private readonly scanQueue: Queue,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Permit(...READER_ROLES)
  @ApiOperation({
    summary:
      'Alert digests (the outbox), newest first, filtered by date, level, recipient and status. Recipients’ addresses are the system administrator’s to see: every other role gets `counts` per day, level and status instead of `items`',
  })
  async list(@Query() query: AlertListQueryDto, @CurrentUser() reader: SignedInUser) {
    const { date, page = 1, limit = 50, ...filter } = query;
    if (reader.role === 'admin') return listDigests(this.pool, { ...filter, recipient: filter.recipient?.toLowerCase(), day: date, page, limit });
    if (filter.recipient !== undefined) throw new ForbiddenException({ code: 'FORBIDDEN', field: 'recipient', message: 'recipient: only the system administrator sees who received alerts' });
    const { items, ...counted } = await digestCounts(this.pool, { level: filter.level, status: filter.status, day: date, page, limit });
    return { ...counted, counts: items };
  }

  @Post('scan')
  @Permit('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the overdue scan now (the worker runs it; a digest already written today is not sent again)' })
  @ApiAcceptedResponse({ description: 'The scan is queued: { jobId }' })
  async scan(@Req() request: FastifyRequest) {
    const job = await this.scanQueue.add(AlertScanJob.OverdueScan, {}, { removeOnComplete: 100, removeOnFail: 100 });
    await this.audit.record(request, { action: 'alerts.scan-requested', object: `job:${job.id}`, result: 'success' });
    return { jobId: job.id, queue: QueueName.AlertScan };
  }
}
