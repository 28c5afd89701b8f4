import { BadRequestException } from '@nestjs/common';
import type { TrendOptions } from '#libs/projections';
import type { TrendQueryDto } from './trend-query.dto.js';

/** The 14th Five-Year Plan period starts here. */
export const PLAN_START = '2021-01-01';
const MAX_POINTS = 600;

export function trendRange(query: TrendQueryDto, today: string): Omit<TrendOptions, 'county'> {
  const from = query.from ?? PLAN_START;
  const to = query.to && query.to < today ? query.to : today;
  if (from > to) throw new BadRequestException({ code: 'INVALID_INPUT', field: 'from', message: `from must not be after to (${to})` });
  const interval = query.interval ?? 'month';
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if ((interval === 'week' ? days / 7 : days / 28) > MAX_POINTS) {
    throw new BadRequestException({ code: 'INVALID_INPUT', field: 'from', message: `the series would have more than ${MAX_POINTS} points: choose a later from` });
  }
  return { from, to, interval };
}
