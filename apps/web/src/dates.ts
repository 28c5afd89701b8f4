const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Today in Asia/Shanghai, YYYY-MM-DD (design §1: dates are Shanghai calendar dates). */
export function todayInShanghai(): string {
  return SHANGHAI_DAY.format(new Date());
}

export function isCalendarDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** An instant as Shanghai wall-clock time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return SHANGHAI_TIME.format(new Date(iso));
}

/** The end of a Shanghai calendar day as an instant (UTC+8, no daylight saving). */
export function endOfShanghaiDay(day: string): number {
  return new Date(`${day}T23:59:59.999+08:00`).getTime();
}

export function dayNumber(day: string): number {
  return new Date(`${day}T00:00:00Z`).getTime() / 86_400_000;
}
