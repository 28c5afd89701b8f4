import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { emailFor, READER_ROLES, type SignedInUser } from '#libs/access';
import type { AuditAction } from '#libs/audit';
import { completionFigures, countyViews, readCountySums, streamProjects, type ProjectExportItem, type ViewDate } from '#libs/projections';
import { AuditTrail } from '../audit/audit-trail.js';
import { Permit } from '../auth/access.decorators.js';
import { CurrentUser } from '../auth/current-user.js';
import { ReadModelGate } from '../read-models/read-model-gate.js';
import { attachment } from './content-disposition.js';
import { cityTotalRow, COUNTY_COLUMNS, PROJECT_COLUMNS, type CountyRow } from './export-columns.js';
import { CountyExportQueryDto, ProjectExportQueryDto } from './export-query.dto.js';
import { countyLabel } from './labels.js';
import { openReadSnapshot, type ReadSnapshot } from './read-snapshot.js';
import { CONTENT_TYPES, streamTable, type ExportFormat, type TableExport } from './table-export.js';

const FILE_DESCRIPTION = {
  description: 'The file, as an attachment (Content-Disposition with an ASCII filename= and the Chinese filename*=); X-Log-Position says which log position it reflects',
  content: {
    [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
  },
};

/** What leadership downloads: the counties view and the project list as Excel or CSV files. */
@ApiTags('exports')
@Controller('exports')
@Permit(...READER_ROLES)
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly gate: ReadModelGate,
    private readonly audit: AuditTrail,
  ) {}

  @Get('counties')
  @ApiOperation({
    summary: 'The per-county completion view of GET /api/counties as a file: one row per county and a 全市合计 row (the figures of GET /api/portfolio)',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  @ApiOkResponse(FILE_DESCRIPTION)
  @ApiBadRequestResponse({ description: 'A bad format, asOf or effectiveAt; the body names the field' })
  async counties(@Query() query: CountyExportQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const at = this.gate.viewDate(query);
    const snapshot = await openReadSnapshot(this.gate.pool);
    let rows: CountyRow[];
    try {
      // The same queries as GET /api/counties and GET /api/portfolio, in one snapshot so the total adds up.
      const [counties, sums] = await Promise.all([countyViews(snapshot.db, at), readCountySums(snapshot.db, at)]);
      rows = [...counties, cityTotalRow(completionFigures(sums), counties)];
    } finally {
      await snapshot.close();
    }
    const format = query.format ?? 'xlsx';
    const name = query.effectiveAt ? `按业务日期-${at.day}` : at.day;
    const ascii = query.effectiveAt ? `effective-${at.day}` : at.day;
    this.send(
      { request, reply, action: 'export.counties', filters: query },
      snapshot,
      { format, sheetName: '县区完成情况', columns: COUNTY_COLUMNS, batches: once(rows) },
      [`counties-${ascii}`, `县区完成情况-${name}`],
    );
  }

  @Get('projects')
  @ApiOperation({
    summary: 'Every project GET /api/projects lists with the same filters and order (no paging) as a file, written while it is read',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  @ApiOkResponse(FILE_DESCRIPTION)
  @ApiBadRequestResponse({ description: 'A bad format or filter; the body names the field' })
  async projects(@Query() query: ProjectExportQueryDto, @CurrentUser() reader: SignedInUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { format = 'xlsx', ...filter } = query;
    const at: ViewDate = this.gate.viewDate(filter);
    const snapshot = await openReadSnapshot(this.gate.pool);
    const batches = streamProjects(snapshot.client, filter, at.day, this.gate.rag);
    let first: IteratorResult<ProjectExportItem[], void>;
    try {
      // The first batch before any header: a failing query still gets an error response, not a broken file.
      first = await batches.next();
    } catch (error) {
      await snapshot.close();
      throw error;
    }
    const county = filter.county ? [countyLabel(filter.county), filter.county] : null;
    // Ending the query's generator closes its cursor, which must happen before the transaction ends.
    const ending = {
      ...snapshot,
      close: async () => {
        try {
          await batches.return();
        } finally {
          await snapshot.close();
        }
      },
    };
    this.send(
      { request, reply, action: 'export.projects', filters: query },
      ending,
      { format, sheetName: '项目清单', columns: PROJECT_COLUMNS, batches: maskedManagers(prepend(first, batches), reader) },
      [['projects', county?.[1], at.day].filter(Boolean).join('-'), ['项目清单', county?.[0], at.day].filter(Boolean).join('-')],
    );
  }

  /** Streams the file, and records the export (what, with which filters, how many rows) in the audit log once it has ended. */
  private send<T>(
    { request, reply, action, filters }: { request: FastifyRequest; reply: FastifyReply; action: AuditAction; filters: object },
    snapshot: ReadSnapshot,
    table: Pick<TableExport<T>, 'format' | 'sheetName' | 'columns' | 'batches'>,
    [asciiName, name]: [string, string],
  ): void {
    const format: ExportFormat = table.format;
    const counted = countRows(table.batches);
    const stream = streamTable({
      ...table,
      batches: counted.batches,
      done: async () => {
        await snapshot.close();
        await this.audit.record(request, {
          action,
          object: `${name}.${format}`,
          result: counted.finished() ? 'success' : 'failure',
          details: { filters, rows: counted.rows(), position: String(snapshot.position), ...(counted.finished() ? {} : { reason: 'abandoned' }) },
        });
      },
      onError: (error) => this.logger.error(`export ${name}.${format} failed after it started: ${error instanceof Error ? error.stack : String(error)}`),
    });
    void reply
      .header('Content-Type', CONTENT_TYPES[format])
      .header('Content-Disposition', attachment(`${asciiName}.${format}`, `${name}.${format}`))
      .header('Cache-Control', 'no-store')
      .header('X-Log-Position', String(snapshot.position))
      .send(stream);
  }
}

/** The batches, counting the rows that went out and whether they all did. */
function countRows<T>(batches: AsyncIterator<T[], void, undefined>): { batches: AsyncGenerator<T[], void, undefined>; rows: () => number; finished: () => boolean } {
  let rows = 0;
  let finished = false;
  async function* counting(): AsyncGenerator<T[], void, undefined> {
    try {
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        rows += next.value.length;
        yield next.value;
      }
      finished = true;
    } finally {
      await batches.return?.();
    }
  }
  return { batches: counting(), rows: () => rows, finished: () => finished };
}

/** Managers' e-mail addresses as the reader may see them (个人信息保护法). */
async function* maskedManagers(batches: AsyncGenerator<ProjectExportItem[], void, undefined>, reader: SignedInUser): AsyncGenerator<ProjectExportItem[], void, undefined> {
  for await (const batch of batches) yield batch.map((project) => ({ ...project, managerEmail: emailFor(reader, project.managerEmail) }));
}

/** Rows already in memory, as one batch. */
async function* once<T>(rows: T[]): AsyncGenerator<T[], void, undefined> {
  yield rows;
}

/** The batches with the first one, already read, put back in front. */
async function* prepend<T>(first: IteratorResult<T[], void>, rest: AsyncGenerator<T[], void, undefined>): AsyncGenerator<T[], void, undefined> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}
