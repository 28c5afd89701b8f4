import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../http/is-calendar-date.js';

export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'What the ledger had recorded by the end of that day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
