import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, MaxLength, registerDecorator, ValidateNested, type ValidationArguments } from 'class-validator';
import type { RecipientRole } from '#libs/alerts';
import { COUNTY_SLUGS, isCountySlug, type CountySlug } from '#libs/portfolio';
import { IsOneOf } from '../http/is-one-of.js';

const ROLES: readonly RecipientRole[] = ['county_lead', 'city_leadership'];

/** A county lead names one county; city leadership names none. */
function IsCountyOfRole(): PropertyDecorator {
  const leadership = (args: ValidationArguments) => (args.object as RecipientDto).role === 'city_leadership';
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCountyOfRole',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => (leadership(args) ? value === undefined : isCountySlug(value)),
        defaultMessage: (args: ValidationArguments) =>
          leadership(args) ? 'county must be absent for city leadership' : `county must be one of ${COUNTY_SLUGS.join(', ')} for a county lead`,
      },
    });
}

export class RecipientDto {
  @ApiProperty({ enum: ROLES, description: 'county_lead hears at L2 of its county, city_leadership at L3 of every county' })
  @IsOneOf(ROLES)
  role: RecipientRole;

  @ApiPropertyOptional({ enum: COUNTY_SLUGS, description: 'Required for a county lead, absent for city leadership' })
  @IsCountyOfRole()
  county?: CountySlug;

  @ApiProperty({ example: 'lead@langya.chuzhou.example' })
  @IsEmail({ require_tld: false }, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '张三' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class RecipientListDto {
  @ApiProperty({ type: [RecipientDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients: RecipientDto[];
}
