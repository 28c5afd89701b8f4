import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const BOOTSTRAP_ACCOUNT = /^[a-z0-9][a-z0-9._-]{1,63}:.{12,}$/;
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

  /** The absolute lifetime of a sign-in (等保: at most 8 hours); a token claiming a longer one is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(480)
  AUTH_TOKEN_TTL_MINUTES = 480;

  /** A session with no request for this long ends (idle timeout). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(480)
  AUTH_IDLE_MINUTES = 30;

  /**
   * How often each API process reads which sessions ended (besides being told at once through
   * PostgreSQL's NOTIFY) and writes when its sessions were last used.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  AUTH_SESSION_CHECK_MS = 2000;

  /** argon2id memory cost of stored passwords, in KiB (OWASP: 19456 with 2 passes). */
  @Transform(toInt)
  @IsInt()
  @Min(256)
  @Max(1_048_576)
  AUTH_PASSWORD_MEMORY_KIB = 19_456;

  /** argon2id passes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  AUTH_PASSWORD_TIME_COST = 2;

  /**
   * First accounts, each `username:password`, created at start-up while no user of that role exists;
   * each must change its password at first sign-in. Production refuses to start with no user and no
   * AUTH_BOOTSTRAP_ADMIN.
   */
  @IsOptional()
  @Matches(BOOTSTRAP_ACCOUNT, { message: 'AUTH_BOOTSTRAP_ADMIN must be username:password, the password at least 12 characters' })
  AUTH_BOOTSTRAP_ADMIN?: string;

  @IsOptional()
  @Matches(BOOTSTRAP_ACCOUNT, { message: 'AUTH_BOOTSTRAP_SECURITY_ADMIN must be username:password, the password at least 12 characters' })
  AUTH_BOOTSTRAP_SECURITY_ADMIN?: string;

  @IsOptional()
  @Matches(BOOTSTRAP_ACCOUNT, { message: 'AUTH_BOOTSTRAP_AUDITOR must be username:password, the password at least 12 characters' })
  AUTH_BOOTSTRAP_AUDITOR?: string;

  /** Roles that must sign in with a second factor (TOTP); comma-separated, or `none`. */
  @Matches(/^(none|(admin|security_admin|auditor|leader|manager|viewer)(,(admin|security_admin|auditor|leader|manager|viewer))*)$/, {
    message: 'AUTH_TOTP_REQUIRED_ROLES must be none or a comma-separated list of roles (admin, security_admin, auditor, leader, manager, viewer)',
  })
  AUTH_TOTP_REQUIRED_ROLES = 'admin,security_admin,auditor';

  /**
   * Encrypts second-factor secrets at rest (AES-256-GCM): 32 bytes, base64. Required in production;
   * elsewhere a key derived from AUTH_TOKEN_SECRET (or a fixed development key) is used.
   */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.AUTH_DATA_KEY !== undefined)
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'AUTH_DATA_KEY must be 32 bytes, base64 (openssl rand -base64 32); required in production' })
  AUTH_DATA_KEY?: string;

  /** Failed sign-ins (password or second factor) of one account within AUTH_LOCKOUT_WINDOW_MINUTES that lock it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  AUTH_LOCKOUT_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_LOCKOUT_WINDOW_MINUTES = 15;

  /** How long a locked account stays locked (a security administrator may clear it sooner). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_LOCKOUT_MINUTES = 30;

  /** Sign-in attempts allowed per address and user name in LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_WINDOW = 10;

  /** Sign-in attempts allowed per address, whatever the user names, in LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_ADDRESS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): unset or `false` for none,
   * `true` for any, or comma-separated addresses or CIDR ranges of the proxies.
   */
  @IsOptional()
  @Matches(/^(true|false|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be true, false, or comma-separated proxy addresses or CIDR ranges' })
  TRUST_PROXY?: string;

  /**
   * The worker's Ed25519 private key (PEM) that signs audit anchors; keep it away from the database's
   * files. The worker refuses to start without it in production; the public key is read from `<file>.pub`.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUDIT_ANCHOR_KEY_FILE?: string;

  /** Where signed anchors are appended (JSON lines); default: next to the key, `anchors.jsonl`. */
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_FILE?: string;

  /** How often the worker seals the event log and signs the heads of the audit log and of the seals. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  AUDIT_ANCHOR_EVERY_MINUTES = 60;

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
