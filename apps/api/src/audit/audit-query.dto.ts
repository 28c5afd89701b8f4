import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, type AuditResult } from '#libs/audit';
import { ExportFormatDto } from '../exports/export-query.dto.js';
import { IsCalendarDate } from '../http/is-calendar-date.js';
import { IsOneOf } from '../http/is-one-of.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const RESULTS: readonly AuditResult[] = ['success', 'failure', 'refused'];

/** Which audit rows: by day (Asia/Shanghai, both ends included), actor, action and result. */
export class AuditFilterDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'From this day (Asia/Shanghai), included' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-03', description: 'Up to this day (Asia/Shanghai), included' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'The user name that acted' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsOneOf(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ enum: RESULTS })
  @IsOptional()
  @IsOneOf(RESULTS)
  result?: AuditResult;
}

export class AuditListQueryDto extends IntersectionType(AuditFilterDto, PageQueryDto) {}

export class AuditExportQueryDto extends IntersectionType(AuditFilterDto, ExportFormatDto) {}
