import { Controller, UseInterceptors, Get, NotFoundException, Param, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { COUNTY_SLUGS, isCountySlug, type CountySlug } from '#libs/portfolio';
import { countyViews, listProjects, trend } from '#libs/projections';
import { CountyQueryDto } from './county-query.dto.js';
import { ReadModelMemoInterceptor } from './read-model-memo.interceptor.js';
import { ReadModelGate } from './read-model-gate.js';
import { TrendQueryDto } from './trend-query.dto.js';
import { trendRange } from './trend-range.js';
import { ViewDateQueryDto } from './view-date-query.dto.js';
import { Permit } from '../auth/access.decorators.js';
import { READER_ROLES } from '#libs/access';

class CountySlugPipe implements PipeTransform<string, CountySlug> {
  transform(value: string): CountySlug {
    if (isCountySlug(value)) return value;
    throw new NotFoundException({ code: 'COUNTY_NOT_FOUND', field: 'slug', message: `slug: no county ${JSON.stringify(value)}; counties are ${COUNTY_SLUGS.join(', ')}` });
  }
}

@ApiTags('counties')
@Controller('counties')
@UseInterceptors(ReadModelMemoInterceptor)
@Permit(...READER_ROLES)
export class CountiesController {
  constructor(private readonly gate: ReadModelGate) {}

  @Get()
  @ApiOperation({ summary: 'Per-county completion view: projects by status, completion against 序时进度, overdue, by category, last activity' })
  async list(@Query() query: ViewDateQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const at = this.gate.viewDate(query);
    return this.gate.answer(query, res, async () => ({ ...at, counties: await countyViews(this.gate.pool, at) }));
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One county’s completion view, with a page of its projects in projectList (filter, sort and page like GET /api/projects)' })
  async one(@Param('slug', CountySlugPipe) slug: CountySlug, @Query() query: CountyQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const at = this.gate.viewDate(query);
    const { minPosition: _, effectiveAt: __, ...filter } = query;
    const list = { ...filter, county: slug };
    return this.gate.answer(query, res, async () => {
      const [[county], projects] = await Promise.all([
        countyViews(this.gate.pool, at, slug),
        listProjects(this.gate.pool, list, at.asOf ?? this.gate.today(), this.gate.rag),
      ]);
      return { ...at, ...county, projectList: projects };
    });
  }

  @Get(':slug/trend')
  @ApiOperation({ summary: 'The county’s completion and overdue counts at the end of each month or week, by business dates' })
  async trend(@Param('slug', CountySlugPipe) slug: CountySlug, @Query() query: TrendQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const range = { ...trendRange(query, this.gate.today()), county: slug };
    return this.gate.answer({}, res, async () => ({ ...range, points: await trend(this.gate.pool, range) }));
  }
}
