import { IntersectionType, PickType } from '@nestjs/swagger';
import { CountyCategoryFilterDto } from '../http/county-category-filter.dto.js';
import { ProjectListOptionsDto } from '../projects/dto/project-list-query.dto.js';
import { ViewDateQueryDto } from './view-date-query.dto.js';

/** One county: its figures on a day, and a page of its projects. */
export class CountyQueryDto extends IntersectionType(PickType(CountyCategoryFilterDto, ['category']), ProjectListOptionsDto, ViewDateQueryDto) {}
