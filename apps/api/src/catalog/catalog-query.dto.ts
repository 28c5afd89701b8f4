import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CATEGORIES, COUNTY_SLUGS } from '#libs/portfolio';

export class CatalogQueryDto {
  @ApiPropertyOptional({ enum: COUNTY_SLUGS })
  @IsOptional()
  @IsIn(COUNTY_SLUGS, { message: `county must be one of ${COUNTY_SLUGS.join(', ')}` })
  county?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: string;
}
