import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsCalendarDate } from '../http/is-calendar-date.js';

/** What every read-model query takes: which day's answer, and read-your-writes. */
export class ViewDateQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'As recorded by the end of that day (Asia/Shanghai): what leadership was shown then' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ example: '2025-06-30', description: 'As it stood on that business date, using everything known now (a late report counts when it happened)' })
  @IsOptional()
  @IsCalendarDate()
  effectiveAt?: string;

  @ApiPropertyOptional({ description: 'Read your writes: wait until the read model has applied the event at this log position (a command returns it)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minPosition must be a whole number' })
  @Min(1)
  minPosition?: number;
}
