import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CLOCK,
  ExecuteProjectCommand,
  GetProjectEventsQuery,
  GetProjectQuery,
  today,
  type Clock,
  type CommandResult,
  type ProjectCommand,
} from '#libs/portfolio';
import { READER_ROLES, withEmailsFor, type Role, type SignedInUser } from '#libs/access';
import { Permit } from '../auth/access.decorators.js';
import { CurrentUser } from '../auth/current-user.js';
import { CommandMeta, type CommandContext } from '../http/command-context.decorator.js';
import { MilestoneKeyPipe, ProjectIdPipe } from '../http/path-params.js';
import { CommandResponseDto } from './dto/command-response.dto.js';
import {
  CompleteMilestoneDto,
  CorrectMilestoneDateDto,
  PlanMilestoneDto,
  RescheduleMilestoneDto,
  StartMilestoneDto,
} from './dto/milestone.dto.js';
import { ReasonDto, ResumeProjectDto } from './dto/project-state-change.dto.js';
import { projectRag } from '#libs/projections';
import { ReadModelGate } from '../read-models/read-model-gate.js';
import { resolveViewDate } from '../read-models/view-date.js';
import { ProjectViewQueryDto } from './dto/query.dto.js';
import { RegisterProjectDto } from './dto/register-project.dto.js';

const COMMAND_HEADERS = [
  ApiHeader({ name: 'If-Match', required: false, description: 'The expected project version, e.g. "3": a stale one gets 409' }),
  ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat with the same key returns the first result and writes nothing' }),
  ApiHeader({ name: 'X-Correlation-Id', required: false }),
];
/** The system administrator runs every command; a manager records progress on their county's projects (checked once the project is loaded). */
const commandDocs = (summary: string, ...roles: Role[]) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const decorate of [...COMMAND_HEADERS, ApiOperation({ summary }), Permit('admin', ...roles)]) decorate(target, key, descriptor);
};

/** End of a calendar day in Asia/Shanghai (UTC+8, no daylight saving). */

@ApiTags('projects')
@Controller('projects')
@Permit(...READER_ROLES)
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly gate: ReadModelGate,
  ) {}

  @Post()
  @commandDocs('Register a project')
  @ApiCreatedResponse({ type: CommandResponseDto })
  register(@Body() dto: RegisterProjectDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    const { id, ...fields } = dto;
    const command: ProjectCommand = { type: 'registerProject', projectId: id ?? randomUUID(), ...fields };
    return this.run(command.projectId, command, ctx, req, res);
  }

  @Post(':id/milestones')
  @commandDocs('Plan a milestone (a template key or an own key with a title)', 'manager')
  @ApiCreatedResponse({ type: CommandResponseDto })
  plan(@Param('id', ProjectIdPipe) id: string, @Body() dto: PlanMilestoneDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'planMilestone', ...dto }, ctx, req, res);
  }

  @Post(':id/milestones/:key/start')
  @HttpCode(200)
  @commandDocs('Record that a milestone started', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  start(@Param('id', ProjectIdPipe) id: string, @Param('key', MilestoneKeyPipe) key: string, @Body() dto: StartMilestoneDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'startMilestone', key, ...dto }, ctx, req, res);
  }

  @Post(':id/milestones/:key/complete')
  @HttpCode(200)
  @commandDocs('Record that a milestone was completed (never a date in the future)', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  complete(@Param('id', ProjectIdPipe) id: string, @Param('key', MilestoneKeyPipe) key: string, @Body() dto: CompleteMilestoneDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'completeMilestone', key, ...dto }, ctx, req, res);
  }

  @Post(':id/milestones/:key/reschedule')
  @HttpCode(200)
  @commandDocs('Move a milestone’s due date, with a reason', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  reschedule(@Param('id', ProjectIdPipe) id: string, @Param('key', MilestoneKeyPipe) key: string, @Body() dto: RescheduleMilestoneDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'rescheduleMilestone', key, ...dto, reason: dto.reason ?? '' }, ctx, req, res);
  }

  @Post(':id/milestones/:key/correct-date')
  @HttpCode(200)
  @commandDocs('Correct a wrongly recorded start or completion date (a new event with a reason; the old one stays in the audit trail)', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  correctDate(@Param('id', ProjectIdPipe) id: string, @Param('key', MilestoneKeyPipe) key: string, @Body() dto: CorrectMilestoneDateDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'correctMilestoneDate', key, ...dto, reason: dto.reason ?? '' }, ctx, req, res);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @commandDocs('Suspend a project: afterwards only resume is accepted', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  suspend(@Param('id', ProjectIdPipe) id: string, @Body() dto: ReasonDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'suspendProject', reason: dto.reason ?? '' }, ctx, req, res);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @commandDocs('Resume a suspended project', 'manager')
  @ApiOkResponse({ type: CommandResponseDto })
  resume(@Param('id', ProjectIdPipe) id: string, @Body() dto: ResumeProjectDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'resumeProject', ...dto }, ctx, req, res);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @commandDocs('Cancel a project: afterwards nothing is accepted')
  @ApiOkResponse({ type: CommandResponseDto })
  cancel(@Param('id', ProjectIdPipe) id: string, @Body() dto: ReasonDto, @CommandMeta() ctx: CommandContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    return this.run(id, { type: 'cancelProject', reason: dto.reason ?? '' }, ctx, req, res);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A project with its milestones, folded from its stream; the ETag is its version' })
  async get(@Param('id', ProjectIdPipe) id: string, @Query() query: ProjectViewQueryDto, @CurrentUser() reader: SignedInUser, @Res({ passthrough: true }) res: FastifyReply) {
    const { asOf, effectiveAt, minPosition } = query;
    const at = resolveViewDate({ asOf, effectiveAt }, today(this.clock));
    const project = await this.queries.execute(new GetProjectQuery(id, { asOf, effectiveAt }));
    // RAG is judged by the read model's rules; a business-date view has no RAG (as the portfolio's).
    await this.gate.open({ minPosition }, res);
    const rag = effectiveAt ? null : await projectRag(this.gate.pool, id, at, this.gate.rag);
    res.header('ETag', `"${project.version}"`);
    return withEmailsFor(reader, { ...project, rag });
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The project’s stream: every event with who recorded it, when, and in which request' })
  async events(@Param('id', ProjectIdPipe) id: string, @CurrentUser() reader: SignedInUser, @Res({ passthrough: true }) res: FastifyReply) {
    const stream = await this.queries.execute(new GetProjectEventsQuery(id));
    res.header('ETag', `"${stream.version}"`);
    return withEmailsFor(reader, stream);
  }

  private async run(projectId: string, command: ProjectCommand, ctx: CommandContext, req: FastifyRequest, res: FastifyReply): Promise<CommandResponseDto> {
    const fingerprint = createHash('sha256').update(`${req.method} ${req.url.split('?')[0]} ${JSON.stringify(req.body ?? {})}`).digest('hex');
    const result: CommandResult = await this.commands.execute(new ExecuteProjectCommand(projectId, command, { ...ctx, fingerprint }));
    res.header('ETag', `"${result.version}"`);
    if (result.replayed) res.header('Idempotent-Replayed', 'true');
    return { id: result.id, version: result.version, position: result.position };
  }
}
