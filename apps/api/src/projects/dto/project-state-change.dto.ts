import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** suspend and cancel: a reason is required. */
export class ReasonDto {
  @ApiProperty({ example: '资金未到位' })
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}

export class ResumeProjectDto {
  @ApiPropertyOptional({ example: '资金已落实' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
