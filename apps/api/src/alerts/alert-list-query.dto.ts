import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';
import { ALERT_LEVELS, type AlertLevel, type DigestStatus } from '#libs/alerts';
import { IsCalendarDate } from '../http/is-calendar-date.js';
import { IsOneOf } from '../http/is-one-of.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const STATUSES: readonly DigestStatus[] = ['pending', 'sent', 'failed'];

/** Which alert digests to list (GET /api/alerts). */
export class AlertListQueryDto extends PageQueryDto {
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
}
