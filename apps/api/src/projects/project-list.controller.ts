import { Controller, Get, Inject, Query, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { CLOCK, today, type Clock } from '#libs/portfolio';
import { listProjects, readCheckpoint, waitForPosition } from '#libs/projections';
import { ProjectListQueryDto } from './dto/project-list-query.dto.js';

@ApiTags('projects')
@Controller('projects')
export class ProjectListController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Projects from the read model, filtered, sorted and paged; X-Log-Position says which log position it reflects' })
  async list(@Query() query: ProjectListQueryDto, @Res({ passthrough: true }) res: Response) {
    const { minPosition, ...filter } = query;
    if (minPosition !== undefined && !(await waitForPosition(this.pool, 'project_summaries', minPosition, this.env.MIN_POSITION_WAIT_MS))) {
      res.setHeader('Retry-After', '1');
      throw new ServiceUnavailableException({
        code: 'READ_MODEL_BEHIND',
        field: 'minPosition',
        message: `minPosition: the read model has not reached position ${minPosition} yet; retry shortly`,
      });
    }
    const checkpoint = await readCheckpoint(this.pool, 'project_summaries');
    res.setHeader('X-Log-Position', String(checkpoint.position));
    return listProjects(
      this.pool,
      { ...filter, sort: filter.sort ?? 'name', order: filter.order ?? 'asc', page: filter.page ?? 1, limit: filter.limit ?? 50 },
      today(this.clock),
      { redDays: this.env.RAG_RED_DAYS, amberDays: this.env.RAG_AMBER_DAYS },
    );
  }
}
