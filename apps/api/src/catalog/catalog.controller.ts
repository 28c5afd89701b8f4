import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CATALOG_ENTRIES, PLAN_INDICATORS, PLAN_TARGETS, PLAN_TEXT_SHA256, PLAN_TITLE, type CatalogEntry } from '#libs/catalog';
import { countyBySlug } from '#libs/portfolio';
import { CountyCategoryFilterDto } from '../http/county-category-filter.dto.js';
import { Permit } from '../auth/access.decorators.js';
import { READER_ROLES } from '#libs/access';

const countBy = (entries: readonly CatalogEntry[], key: (e: CatalogEntry) => string) =>
  entries.reduce<Record<string, number>>((counts, e) => ({ ...counts, [key(e)]: (counts[key(e)] ?? 0) + 1 }), {});

/** The plan's named projects, targets and indicators: reviewed data shipped with the code. */
@ApiTags('catalog')
@Controller('catalog')
@Permit(...READER_ROLES)
export class CatalogController {
  @Get()
  @ApiOperation({ summary: 'Every named project of the plan, with its county, source phrase, and why its county is uncertain where it is' })
  list(@Query() query: CountyCategoryFilterDto) {
    const entries = CATALOG_ENTRIES.filter(
      (e) => (!query.county || e.county === query.county) && (!query.category || e.category === query.category),
    );
    return {
      plan: PLAN_TITLE,
      planTextSha256: PLAN_TEXT_SHA256,
      count: entries.length,
      byCounty: countBy(entries, (e) => e.county),
      byCategory: countBy(entries, (e) => e.category),
      entries: entries.map((e) => ({ ...e, projectId: e.id, countyName: countyBySlug(e.county).name })),
      uncertain: entries.filter((e) => e.uncertain !== null).map((e) => ({ id: e.id, name: e.name, county: e.county, reason: e.uncertain })),
    };
  }

  @Get('targets')
  @ApiOperation({ summary: 'The plan’s quantitative targets: value, unit, deadline and source phrase' })
  targets() {
    return { plan: PLAN_TITLE, count: PLAN_TARGETS.length, targets: PLAN_TARGETS };
  }

  @Get('indicators')
  @ApiOperation({ summary: 'The indicator table of 专栏2: 2020 value, 2025 target, 预期性/约束性' })
  indicators() {
    return { plan: PLAN_TITLE, count: PLAN_INDICATORS.length, indicators: PLAN_INDICATORS };
  }
}
