import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** suspend and cancel: a reason is required. */
export class ReasonDto {
  @ApiProperty({ example: '资金未到位', description: 'Required: a missing or blank reason is refused with 422' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ResumeProjectDto {
  @ApiPropertyOptional({ example: '资金已落实' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
