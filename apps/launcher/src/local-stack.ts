import { resolve } from 'node:path';
import pg from 'pg';
import { withDatabase } from '#libs/database';
import { startLocalMailCatcher, startLocalPostgres, startLocalRedis, type RunningService } from '#libs/local-services';

export interface LocalStack {
  databaseUrl: string;
  redisUrl: string;
  /** SMTP_URL, or the local mail catcher's; empty when not needed. */
  smtpUrl: string;
  /** Only when the local mail catcher runs. */
  mailInboxUrl?: string;
  stop(): Promise<void>;
}

export const STATE_DIR = resolve(process.env.TAIZHANG_HOME ?? '.taizhang');
const DATABASE = 'taizhang';

/**
 * What `npm start` needs and the environment does not name: PostgreSQL (embedded binaries)
 * when DATABASE_URL is unset, redis-server from PATH when REDIS_URL is unset, a mail catcher
 * (maildev) when SMTP_URL is unset. Data is kept in .taizhang/ so that a restart finds the ledger as it was.
 */
export async function startLocalStack(
  say: (line: string) => void,
  needs: { redis: boolean; mail?: boolean } = { redis: true, mail: true },
): Promise<LocalStack> {
  const started: RunningService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const port = Number(process.env.LOCAL_POSTGRES_PORT ?? 54329);
      say(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${STATE_DIR}/postgres)`);
      const postgres = await startLocalPostgres({ dataDir: `${STATE_DIR}/postgres`, port });
      started.push(postgres);
      databaseUrl = await ensureDatabase(postgres.url, DATABASE);
    }
    let redisUrl = process.env.REDIS_URL ?? '';
    if (!redisUrl && needs.redis) {
      const port = Number(process.env.LOCAL_REDIS_PORT ?? 63799);
      say(`starting redis-server on 127.0.0.1:${port} (append-only file in ${STATE_DIR}/redis)`);
      const redis = await startLocalRedis({ port, dataDir: `${STATE_DIR}/redis` });
      started.push(redis);
      redisUrl = redis.url;
    }
    let smtpUrl = process.env.SMTP_URL ?? '';
    let mailInboxUrl: string | undefined;
    if (!smtpUrl && needs.mail) {
      const smtpPort = Number(process.env.LOCAL_SMTP_PORT ?? 10259);
      const webPort = Number(process.env.LOCAL_MAIL_WEB_PORT ?? 10809);
      say(`starting a mail catcher (maildev) on 127.0.0.1:${smtpPort}, inbox on port ${webPort} (mail in ${STATE_DIR}/mail)`);
      const catcher = await startLocalMailCatcher({ smtpPort, webPort, mailDir: `${STATE_DIR}/mail` });
      started.push(catcher);
      smtpUrl = catcher.url;
      mailInboxUrl = catcher.inboxUrl;
    }
    return { databaseUrl, redisUrl, smtpUrl, mailInboxUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, database);
}
