import { BadRequestException } from '@nestjs/common';
import type { ViewDate } from '#libs/projections';
import type { ViewDateQueryDto } from './view-date-query.dto.js';

/** asOf (as recorded by the end of a day) or effectiveAt (a business date), never both, never after today. */
export function resolveViewDate(query: Pick<ViewDateQueryDto, 'asOf' | 'effectiveAt'>, today: string): ViewDate {
  if (query.asOf && query.effectiveAt) throw badDate('asOf', 'asOf and effectiveAt cannot be combined: ask for one of them');
  if (query.asOf && query.asOf > today) throw badDate('asOf', `asOf must not be after today (${today})`);
  if (query.effectiveAt && query.effectiveAt > today) throw badDate('effectiveAt', `effectiveAt must not be after today (${today})`);
  if (query.asOf) return { day: query.asOf, asOf: query.asOf };
  return { day: query.effectiveAt ?? today };
}

function badDate(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_INPUT', field, message });
}
