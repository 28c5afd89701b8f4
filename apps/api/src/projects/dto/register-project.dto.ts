import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CATEGORIES, COUNTY_SLUGS, PROJECT_ACTIONS, type Category, type CountySlug, type ProjectAction } from '#libs/portfolio';
import { IsCalendarDate } from '../../http/is-calendar-date.js';
import { IsOneOf } from '../../http/is-one-of.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterProjectDto {
  @ApiPropertyOptional({ description: 'Stable id; generated when absent', example: 'laian-3f9a1c0b2d' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{2,79}$/, { message: 'id must be 3–80 lowercase letters, digits or hyphens' })
  id?: string;

  @ApiProperty({ example: '来安县第二中学' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: COUNTY_SLUGS })
  @IsOneOf(COUNTY_SLUGS)
  county: CountySlug;

  @ApiProperty({ enum: CATEGORIES })
  @IsOneOf(CATEGORIES)
  category: Category;

  @ApiProperty({ example: '高中', description: 'Sub-type: 小学, 九年一贯制学校, 医院, 养老服务中心 …' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  subType: string;

  @ApiProperty({ enum: PROJECT_ACTIONS })
  @IsOneOf(PROJECT_ACTIONS)
  action: ProjectAction;

  @ApiProperty({ example: '滁州市“十四五”公共服务规划' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  plan: string;

  @ApiPropertyOptional({ example: '专栏4：新建来安县第二中学' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  sourceRef?: string;

  @ApiPropertyOptional({ example: '2022-03-01' })
  @IsOptional()
  @IsCalendarDate()
  plannedStart?: string;

  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @IsCalendarDate()
  plannedCompletion?: string;

  @ApiProperty({ example: 'manager@example.gov.cn' })
  @IsEmail({}, { message: 'managerEmail must be an e-mail address' })
  @MaxLength(254)
  managerEmail: string;
}
