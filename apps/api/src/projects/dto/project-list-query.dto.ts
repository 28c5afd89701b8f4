import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PROJECT_SORTS, type ProjectSort } from '#libs/projections';
import { CATEGORIES, COUNTY_SLUGS, PROJECT_STATUSES } from '#libs/portfolio';

const RAGS = ['red', 'amber', 'green'] as const;

export class ProjectListQueryDto {
  @ApiPropertyOptional({ enum: COUNTY_SLUGS })
  @IsOptional()
  @IsIn(COUNTY_SLUGS, { message: `county must be one of ${COUNTY_SLUGS.join(', ')}` })
  county?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES, { message: `status must be one of ${PROJECT_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ enum: RAGS, description: '红灯 / 黄灯 / 绿灯 as of today' })
  @IsOptional()
  @IsIn(RAGS, { message: 'rag must be red, amber or green' })
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
  @IsIn(PROJECT_SORTS, { message: `sort must be one of ${PROJECT_SORTS.join(', ')}` })
  sort?: ProjectSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'Read your writes: wait until the read model has applied the event at this log position (a command returns it)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minPosition must be a whole number' })
  @Min(1)
  minPosition?: number;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}
