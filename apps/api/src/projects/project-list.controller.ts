import { Controller, UseInterceptors, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { listProjects } from '#libs/projections';
import { ReadModelMemoInterceptor } from '../read-models/read-model-memo.interceptor.js';
import { ReadModelGate } from '../read-models/read-model-gate.js';
import { ProjectListQueryDto } from './dto/project-list-query.dto.js';
import { Permit } from '../auth/access.decorators.js';
import { READER_ROLES } from '#libs/access';

@ApiTags('projects')
@Controller('projects')
@UseInterceptors(ReadModelMemoInterceptor)
@Permit(...READER_ROLES)
export class ProjectListController {
  constructor(private readonly gate: ReadModelGate) {}

  @Get()
  @ApiOperation({ summary: 'Projects from the read model, filtered, sorted and paged; X-Log-Position says which log position it reflects' })
  async list(@Query() query: ProjectListQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const { minPosition, ...filter } = query;
    const at = this.gate.viewDate(filter);
    return this.gate.answer({ minPosition }, res, () => listProjects(this.gate.pool, filter, at.day, this.gate.rag));
  }
}
