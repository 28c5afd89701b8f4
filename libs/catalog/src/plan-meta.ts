import type { CalendarDate } from '../../portfolio/src/domain/calendar-date.js';

/** 《滁州市“十四五”公共服务规划》 — the plan this catalog is extracted from. */
export const PLAN_TITLE = '滁州市“十四五”公共服务规划';

/**
 * sha256 of the plan text the catalog was extracted from and checked against
 * (test/fixtures/plan.txt, UTF-8, 82 725 bytes). If the text changes, the catalog needs a new review.
 */
export const PLAN_TEXT_SHA256 = '16880d710b973db76e27bfffb4d903ad5257e32d00b28d29ce5b6bfbacd313ca';

/** The plan period is 2021–2025 (规划期为2021-2025年). */
export const PLAN_START: CalendarDate = '2021-01-01';

/** Where the plan names a project or target but gives it no date, it is due by the plan's end. */
export const PLAN_END: CalendarDate = '2025-12-31';
