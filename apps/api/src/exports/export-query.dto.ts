import { ApiPropertyOptional, IntersectionType, OmitType, PickType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOneOf } from '../http/is-one-of.js';
import { ProjectListQueryDto } from '../projects/dto/project-list-query.dto.js';
import { ViewDateQueryDto } from '../read-models/view-date-query.dto.js';
import { EXPORT_FORMATS, type ExportFormat } from './table-export.js';

export class ExportFormatDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx', description: 'xlsx (Excel) or csv (UTF-8 with BOM, opens in Excel as Chinese)' })
  @IsOptional()
  @IsOneOf(EXPORT_FORMATS)
  format?: ExportFormat;
}

/** The counties view on a day (asOf or effectiveAt, as GET /api/counties), as a file. */
export class CountyExportQueryDto extends IntersectionType(ExportFormatDto, PickType(ViewDateQueryDto, ['asOf', 'effectiveAt'])) {}

/** Every project GET /api/projects would list with these filters and this order, without paging, as a file. */
export class ProjectExportQueryDto extends IntersectionType(ExportFormatDto, OmitType(ProjectListQueryDto, ['page', 'limit', 'minPosition'])) {}
