import { Controller, UseInterceptors, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { portfolioOverview, trend } from '#libs/projections';
import { ReadModelMemoInterceptor } from './read-model-memo.interceptor.js';
import { ReadModelGate } from './read-model-gate.js';
import { TrendQueryDto } from './trend-query.dto.js';
import { trendRange } from './trend-range.js';
import { ViewDateQueryDto } from './view-date-query.dto.js';
import { Permit } from '../auth/access.decorators.js';
import { READER_ROLES } from '#libs/access';

@ApiTags('portfolio')
@Controller('portfolio')
@UseInterceptors(ReadModelMemoInterceptor)
@Permit(...READER_ROLES)
export class PortfolioController {
  constructor(private readonly gate: ReadModelGate) {}

  @Get()
  @ApiOperation({ summary: 'City-wide overview: completion against 序时进度, overdue, by county and category, RAG, most overdue projects' })
  async overview(@Query() query: ViewDateQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const at = this.gate.viewDate(query);
    const businessDate = query.effectiveAt !== undefined;
    return this.gate.answer(query, res, async () => ({
      ...at,
      ...(await portfolioOverview(this.gate.pool, at, this.gate.rag, businessDate)),
    }));
  }

  @Get('trend')
  @ApiOperation({ summary: 'City-wide completion and overdue counts at the end of each month or week, by business dates' })
  async trend(@Query() query: TrendQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const range = trendRange(query, this.gate.today());
    return this.gate.answer({}, res, async () => ({ ...range, points: await trend(this.gate.pool, range) }));
  }
}
