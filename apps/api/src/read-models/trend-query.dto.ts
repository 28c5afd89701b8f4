import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { TREND_INTERVALS, type TrendInterval } from '#libs/projections';
import { IsCalendarDate } from '../http/is-calendar-date.js';
import { IsOneOf } from '../http/is-one-of.js';

export class TrendQueryDto {
  @ApiPropertyOptional({ enum: TREND_INTERVALS, default: 'month' })
  @IsOptional()
  @IsOneOf(TREND_INTERVALS)
  interval?: TrendInterval;

  @ApiPropertyOptional({ example: '2021-01-01', description: 'First day of the series (default: the start of the plan, 2021-01-01)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'Last day of the series (default and latest: today)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
