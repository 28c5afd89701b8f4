import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every setting of the API and the worker, read from the environment and checked at start-up. */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** A transaction open longer than this while committed events wait behind it shows as degraded health. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOG_STALL_SECONDS = 30;

  /** A projector that leaves an event unapplied longer than this shows as degraded health. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PROJECTION_LAG_SECONDS = 60;

  /** RAG (design §3): red when a milestone is more than this many days overdue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RAG_RED_DAYS = 30;

  /** RAG: amber when a milestone not yet started is due within this many days. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RAG_AMBER_DAYS = 14;

  /** How long a read with minPosition waits for the read model to reach that position. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  MIN_POSITION_WAIT_MS = 5000;

  /** Read-model answers kept per log position and day (0 turns the memo off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  READ_MODEL_CACHE_ENTRIES = 500;

  /** BullMQ key prefix; the braces are a Redis Cluster hash tag that keeps a queue's keys on one slot. */
  @Matches(/^\{[a-z0-9_-]+\}$/, { message: 'QUEUE_PREFIX must be a hash tag such as {taizhang}' })
  QUEUE_PREFIX = '{taizhang}';

  /** Where alert digests are sent (smtp:// or smtps://); the worker needs it, `npm start` runs a local catcher without it. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From: of alert digests. */
  @IsString()
  @IsNotEmpty()
  ALERT_FROM = '台账逾期提醒 <alerts@taizhang.localhost>';

  /** When the daily overdue scan runs (cron, in ALERT_SCAN_TIME_ZONE). */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'ALERT_SCAN_CRON must be a cron pattern such as "0 8 * * *"' })
  ALERT_SCAN_CRON = '0 8 * * *';

  @IsString()
  @IsNotEmpty()
  ALERT_SCAN_TIME_ZONE = 'Asia/Shanghai';

  /** Days overdue from which the county lead hears of a milestone (L2). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_L2_DAYS = 7;

  /** Days overdue from which city leadership hears of a milestone (L3). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_L3_DAYS = 30;

  /** SMTP attempts per digest before it stays `failed`; retries back off exponentially from ALERT_RETRY_DELAY_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  ALERT_SEND_ATTEMPTS = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_RETRY_DELAY_MS = 5000;

  /** Digests sent at once by one worker. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  ALERT_SEND_CONCURRENCY = 8;

  /** A delivery job whose worker stops renewing its lock this long is given to another worker. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  ALERT_JOB_LOCK_MS = 30_000;

  /** How often unsent digests in the outbox are queued again (after a crash, or a Redis that lost them). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ALERT_OUTBOX_SWEEP_MS = 60_000;

  /** Rows listed in one digest e-mail; the rest are counted and linked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_DIGEST_MAX_ROWS = 200;

  /** Seed of the county leads (L2) on first start: `county=email,email;county=email`. */
  @IsString()
  ALERT_COUNTY_LEADS = 'city=lead@city.chuzhou.example;langya=lead@langya.chuzhou.example;nanqiao=lead@nanqiao.chuzhou.example;laian=lead@laian.chuzhou.example;quanjiao=lead@quanjiao.chuzhou.example;dingyuan=lead@dingyuan.chuzhou.example;fengyang=lead@fengyang.chuzhou.example;tianchang=lead@tianchang.chuzhou.example;mingguang=lead@mingguang.chuzhou.example';

  /** Seed of city leadership (L3) on first start: comma-separated e-mails. */
  @IsString()
  ALERT_CITY_LEADERSHIP = 'leadership@chuzhou.example';

  /** Where people open the dashboard: links in alert e-mails point under it. */
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_BASE_URL must be an http(s):// URL' })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /** Signs the sign-in tokens (HS256). Required in production; elsewhere a random one per process is used if unset. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.AUTH_TOKEN_SECRET !== undefined)
  @IsString({ message: 'AUTH_TOKEN_SECRET is required in production' })
  @MinLength(32, { message: 'AUTH_TOKEN_SECRET must be at least 32 characters' })
  AUTH_TOKEN_SECRET?: string;

  /** How long a sign-in lasts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  AUTH_TOKEN_TTL_MINUTES = 480;

  /**
   * How often each API process reads which users' sessions were ended (a new role, county or
   * password, or disabled): their older tokens stop counting within this, in every process.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUTH_SESSION_CHECK_MS = 2000;

  /** bcrypt cost of stored passwords. */
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  AUTH_PASSWORD_COST = 12;

  /** The first administrator, `username:password`, created at start-up while there are no users (production needs it). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}:.{10,}$/, { message: 'AUTH_BOOTSTRAP_ADMIN must be username:password, the password at least 10 characters' })
  AUTH_BOOTSTRAP_ADMIN?: string;

  /** Sign-in attempts allowed per address and user name in LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_WINDOW = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** A bearer token that lets a Prometheus scraper read /metrics without signing in. */
  @IsOptional()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

/** Returns the checked settings, or throws one error that lists every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, stripEmpty(raw), { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return environment;
}

function stripEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
}
