import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '#libs/access';
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

export class SecondFactorDto {
  @ApiProperty({ description: 'The challenge POST /api/auth/login returned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  challenge: string;

  @ApiPropertyOptional({ example: '123456', description: 'The authenticator app’s 6-digit code (or send recoveryCode)' })
  @ValidateIf((body: SecondFactorDto) => body.recoveryCode === undefined)
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app (or send recoveryCode)' })
  code?: string;

  @ApiPropertyOptional({ example: '1234-5678-9012', description: 'One of the recovery codes shown at enrolment; each works once' })
  @IsOptional()
  @Matches(/^[0-9-]{12,20}$/, { message: 'recoveryCode must be a recovery code such as 1234-5678-9012' })
  recoveryCode?: string;
}

export class TotpConfirmDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app' })
  code: string;
}

export class PasswordChangeDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters, not containing the user name, not a common password, hard to guess' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword: string;
}

export class ProfileChangesDto {
  @ApiPropertyOptional({ example: '张伟' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ example: 'zhang.wei@dingyuan.gov.cn', nullable: true })
  @IsOptional()
  @ValidateIf((_: ProfileChangesDto, value: unknown) => value !== null)
  @IsEmail({ require_tld: false }, { message: 'email must be an e-mail address (or null to remove it)' })
  @MaxLength(254)
  email?: string | null;
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

  @ApiPropertyOptional({ example: 'zhang.wei@dingyuan.gov.cn' })
  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiProperty({ description: 'A first password: the user must change it at their first sign-in' })
  @IsString()
  @IsNotEmpty()
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

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_: UserChangesDto, value: unknown) => value !== null)
  @IsEmail({ require_tld: false }, { message: 'email must be an e-mail address (or null to remove it)' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ description: 'A new password the user must change at their next sign-in' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
