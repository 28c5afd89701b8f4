import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ALERT_LEVELS, type AlertLevel, type DigestStatus } from '#libs/alerts';
import { IsCalendarDate } from '../http/is-calendar-date.js';
import { IsOneOf } from '../http/is-one-of.js';

const STATUSES: readonly DigestStatus[] = ['pending', 'sent', 'failed'];

/** Which alert digests to list (GET /api/alerts). */
export class AlertListQueryDto {
  @ApiPropertyOptional({ description: 'The day of the scan, YYYY-MM-DD (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ enum: ALERT_LEVELS })
  @IsOptional()
  @IsOneOf(ALERT_LEVELS)
  level?: AlertLevel;

  @ApiPropertyOptional({ description: 'The recipient’s e-mail address' })
  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'recipient must be an e-mail address' })
  recipient?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsOneOf(STATUSES)
  status?: DigestStatus;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}
