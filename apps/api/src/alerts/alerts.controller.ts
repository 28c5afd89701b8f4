import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { listDigests } from '#libs/alerts';
import { PG_POOL } from '#libs/database';
import { AlertScanJob, QueueName } from '#libs/queues';
import { AlertListQueryDto } from './alert-list-query.dto.js';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @InjectQueue(QueueName.AlertScan) private readonly scanQueue: Queue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alert digests (the outbox): filter by date, level, recipient and status; newest first' })
  list(@Query() query: AlertListQueryDto) {
    const { date, page = 1, limit = 50, ...filter } = query;
    return listDigests(this.pool, { ...filter, recipient: filter.recipient?.toLowerCase(), day: date, page, limit });
  }

  @Post('scan')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the overdue scan now (the worker runs it; a digest already written today is not sent again)' })
  @ApiAcceptedResponse({ description: 'The scan is queued: { jobId }' })
  async scan() {
    const job = await this.scanQueue.add(AlertScanJob.OverdueScan, {}, { removeOnComplete: 100, removeOnFail: 100 });
    return { jobId: job.id, queue: QueueName.AlertScan };
  }
}
