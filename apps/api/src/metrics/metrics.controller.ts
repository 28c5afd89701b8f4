import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AcceptsScrapeToken, Permit } from '../auth/access.decorators.js';
import { MetricsService } from './metrics.service.js';

/** Served outside the `/api` prefix, where Prometheus looks by default. */
export const METRICS_PATH = 'metrics';

@ApiTags('metrics')
@Controller(METRICS_PATH)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @AcceptsScrapeToken()
  @Permit('admin', 'security_admin')
  @ApiOperation({ summary: 'Prometheus metrics: the process, the end of the event log, and how far each projector trails it' })
  @ApiProduces('text/plain')
  async scrape(@Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const { registry } = this.metrics;
    const text = await registry.metrics();
    res.header('Content-Type', registry.contentType);
    return text;
  }
}
