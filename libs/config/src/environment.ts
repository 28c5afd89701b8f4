import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

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
