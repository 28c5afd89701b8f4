import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class SessionListQueryDto {
  @ApiPropertyOptional({ description: 'Only this user’s sessions' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username must be a user name' })
  username?: string;
}
