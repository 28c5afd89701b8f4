import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MIN_PASSWORD_LENGTH, ROLES, type Role } from '#libs/access';
import { COUNTY_SLUGS, type CountySlug } from '#libs/portfolio';
import { IsOneOf } from '../http/is-one-of.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const USERNAME_RULE = 'username must be 2–64 lower-case letters, digits or . _ - (starting with a letter or digit)';

export class LoginDto {
  @ApiProperty({ example: 'leader' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class NewUserDto {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(USERNAME, { message: USERNAME_RULE })
  username: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsOneOf(ROLES)
  role: Role;

  @ApiPropertyOptional({ enum: COUNTY_SLUGS, description: 'Required for a manager (the county whose projects they record), absent otherwise' })
  @ValidateIf((user: NewUserDto) => user.role === 'manager' || user.county !== undefined)
  @IsIn([...COUNTY_SLUGS], { message: `county is required for a manager and must be one of ${COUNTY_SLUGS.join(', ')}` })
  county?: CountySlug;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;
}

export class UserChangesDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsOneOf(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: COUNTY_SLUGS })
  @IsOptional()
  @IsOneOf(COUNTY_SLUGS)
  county?: CountySlug;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
