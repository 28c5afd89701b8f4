import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { AUDIT_ACTION_LABELS, AUDIT_RESULT_LABELS, listAuditRecords, type AuditFilter, type StoredAuditRecord } from '#libs/audit';
import { isRole, ROLE_TITLES } from '#libs/access';
import { PG_POOL } from '#libs/database';
import { Permit } from '../auth/access.decorators.js';
import { attachment } from '../exports/content-disposition.js';
import { CONTENT_TYPES, streamTable, type ExportColumn } from '../exports/table-export.js';
import { AuditTrail } from './audit-trail.js';
import { AuditExportQueryDto, AuditListQueryDto, type AuditFilterDto } from './audit-query.dto.js';

const EXPORT_PAGE = 1000;

/** The auditor's (审计管理员): the audit log, read and exported, never changed. */
@ApiTags('audit')
@Controller('audit')
@Permit('auditor')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit rows, newest first: by day, actor, action and result, paged' })
  async list(@Query() query: AuditListQueryDto, @Req() request: FastifyRequest) {
    const { page = 1, limit = 50, ...filter } = query;
    const found = await listAuditRecords(this.pool, filterOf(filter), page, limit);
    await this.audit.record(request, { action: 'audit.viewed', object: 'audit_log', result: 'success', details: { filters: filter, page, limit } });
    return { ...found, items: found.items.map(shown) };
  }

  @Get('export')
  @ApiOperation({ summary: 'The audit rows of these filters as a file (xlsx or CSV), newest first' })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  export(@Query() query: AuditExportQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const { format = 'xlsx', ...filter } = query;
    let rows = 0;
    let finished = false;
    const pool = this.pool;
    async function* pages(): AsyncGenerator<ShownAuditRecord[], void, undefined> {
      for (let page = 1; ; page += 1) {
        const { items } = await listAuditRecords(pool, filterOf(filter), page, EXPORT_PAGE);
        if (items.length === 0) break;
        rows += items.length;
        yield items.map(shown);
        if (items.length < EXPORT_PAGE) break;
      }
      finished = true;
    }
    const name = ['审计日志', filter.from, filter.to].filter(Boolean).join('-');
    const stream = streamTable({
      format,
      sheetName: '审计日志',
      columns: AUDIT_COLUMNS,
      batches: pages(),
      done: () => this.audit.record(request, { action: 'export.audit', object: `${name}.${format}`, result: finished ? 'success' : 'failure', details: { filters: filter, rows } }),
      onError: (error) => this.logger.error(`audit export failed after it started: ${error instanceof Error ? error.stack : String(error)}`),
    });
    void reply
      .header('Content-Type', CONTENT_TYPES[format])
      .header('Content-Disposition', attachment(`audit.${format}`, `${name}.${format}`))
      .header('Cache-Control', 'no-store')
      .send(stream);
  }
}

type ShownAuditRecord = Omit<StoredAuditRecord, 'contentHash' | 'prevHash' | 'hash'> & { hash: string };

function shown(record: StoredAuditRecord): ShownAuditRecord {
  const { contentHash: _content, prevHash: _previous, hash, ...rest } = record;
  return { ...rest, hash: hash.toString('hex') };
}

function filterOf(query: AuditFilterDto): AuditFilter {
  return {
    from: query.from ? shanghaiMidnight(query.from, 0) : undefined,
    to: query.to ? shanghaiMidnight(query.to, 1) : undefined,
    actor: query.actor,
    action: query.action,
    result: query.result,
  };
}

/** The start of that day (plus some days) in Asia/Shanghai, which has no daylight saving. */
function shanghaiMidnight(day: string, plusDays: number): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);
}

const AUDIT_COLUMNS: readonly ExportColumn<ShownAuditRecord>[] = [
  { header: '序号', kind: 'text', width: 10, value: (r) => r.id },
  { header: '时间', kind: 'datetime', width: 20, value: (r) => r.at.toISOString() },
  { header: '操作人', kind: 'text', width: 16, value: (r) => r.actor },
  { header: '角色', kind: 'text', width: 12, value: (r) => (r.actorRole && isRole(r.actorRole) ? ROLE_TITLES[r.actorRole] : r.actorRole) },
  { header: '来源地址', kind: 'text', width: 16, value: (r) => r.sourceAddress },
  { header: '操作', kind: 'text', width: 16, value: (r) => AUDIT_ACTION_LABELS[r.action as keyof typeof AUDIT_ACTION_LABELS] ?? r.action },
  { header: '操作代码', kind: 'text', width: 22, value: (r) => r.action },
  { header: '对象', kind: 'text', width: 30, value: (r) => r.object },
  { header: '结果', kind: 'text', width: 8, value: (r) => AUDIT_RESULT_LABELS[r.result] },
  { header: '关联编号', kind: 'text', width: 38, value: (r) => r.correlationId },
  { header: '客户端', kind: 'text', width: 30, value: (r) => r.userAgent },
  { header: '详情', kind: 'text', width: 40, value: (r) => JSON.stringify(r.details) },
  { header: '哈希', kind: 'text', width: 66, value: (r) => r.hash },
];
