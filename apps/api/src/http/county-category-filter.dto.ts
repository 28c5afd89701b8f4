import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CATEGORIES, COUNTY_SLUGS } from '#libs/portfolio';
import { IsOneOf } from './is-one-of.js';

/** The filters every portfolio listing takes. */
export class CountyCategoryFilterDto {
  @ApiPropertyOptional({ enum: COUNTY_SLUGS })
  @IsOptional()
  @IsOneOf(COUNTY_SLUGS)
  county?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsOneOf(CATEGORIES)
  category?: string;
}
