import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PROJECT_SORTS, type ProjectSort } from '#libs/projections';
import { PROJECT_STATUSES } from '#libs/portfolio';
import { CountyCategoryFilterDto } from '../../http/county-category-filter.dto.js';
import { IsOneOf } from '../../http/is-one-of.js';
import { PageQueryDto } from '../../http/page-query.dto.js';
import { ViewDateQueryDto } from '../../read-models/view-date-query.dto.js';

const RAGS = ['red', 'amber', 'green'] as const;

/** How a list of projects is filtered and sorted. */
class ProjectFilterDto {
  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsOneOf(PROJECT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: RAGS, description: '红灯 / 黄灯 / 绿灯 as of today' })
  @IsOptional()
  @IsOneOf(RAGS)
  rag?: (typeof RAGS)[number];

  @ApiPropertyOptional({ description: 'true: only projects with an overdue milestone; false: only those without' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text in the project name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: PROJECT_SORTS, default: 'name' })
  @IsOptional()
  @IsOneOf(PROJECT_SORTS)
  sort?: ProjectSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsOneOf(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** How a list of projects is filtered, sorted and paged. */
export class ProjectListOptionsDto extends IntersectionType(ProjectFilterDto, PageQueryDto) {}

export class ProjectListQueryDto extends IntersectionType(CountyCategoryFilterDto, ProjectListOptionsDto, PickType(ViewDateQueryDto, ['asOf', 'minPosition'])) {}
