import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MILESTONE_KEY_PATTERN } from '#libs/portfolio';
import { IsCalendarDate } from '../../http/is-calendar-date.js';
import { IsOneOf } from '../../http/is-one-of.js';

export class PlanMilestoneDto {
  @ApiProperty({ example: 'groundbreaking', description: 'A template key (approval, design, groundbreaking, topping_out, acceptance, in_service) or an own key' })
  @Matches(MILESTONE_KEY_PATTERN, { message: 'key must be 2–40 lowercase letters, digits or underscores, starting with a letter' })
  key: string;

  @ApiPropertyOptional({ example: '开工', description: 'Required for an own key; template keys have a title' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  title?: string;

  @ApiProperty({ example: '2025-06-30' })
  @IsCalendarDate()
  dueDate: string;
}

export class StartMilestoneDto {
  @ApiProperty({ example: '2024-03-15' })
  @IsCalendarDate()
  startedOn: string;
}

export class CompleteMilestoneDto {
  @ApiProperty({ example: '2024-09-30' })
  @IsCalendarDate()
  completedOn: string;

  @ApiPropertyOptional({ example: '主体结构验收合格' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RescheduleMilestoneDto {
  @ApiProperty({ example: '2025-09-30' })
  @IsCalendarDate()
  dueDate: string;

  @ApiProperty({ example: '征地拆迁延期', description: 'Required: a missing or blank reason is refused with 422' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CorrectMilestoneDateDto {
  @ApiProperty({ enum: ['startedOn', 'completedOn'] })
  @IsOneOf(['startedOn', 'completedOn'])
  field: 'startedOn' | 'completedOn';

  @ApiProperty({ example: '2024-09-28' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '录入错误，以竣工验收报告为准', description: 'Required: a missing or blank reason is refused with 422' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
