import { userInfo } from 'node:os';
import pg from 'pg';
import {
  appendAuditRecord,
  AUDIT_RETENTION_DAYS,
  AuditPurgeRefusedError,
  checkPurgeDate,
  loadAnchorVerifyingKey,
  publicKeyFileOf,
  purgeAuditLog,
  readAnchors,
  verifyLedger,
  type AnchorVerifyingKey,
} from '#libs/audit';
import { anchorFiles } from './anchor-key.js';
import { describeLedgerReport, describePurge } from './audit-report-lines.js';
import { startLocalStack } from './local-stack.js';
import { migrateDatabase } from './migrate-database.js';

const USAGE = `usage: npm run audit:verify [-- --anchors FILE] [--public-key FILE]
       npm run audit:purge -- --before YYYY-MM-DD   (a day at least 180 days ago, Beijing time)`;
const CLI = { actor: null, actorRole: 'system', userAgent: 'taizhang audit-cli' } as const;

/** Chuzhou keeps UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

class UsageError extends Error {}

const say = (line: string) => process.stdout.write(`[audit] ${line}\n`);

/**
 * `audit:verify` checks the audit chain, the event log's seals and the signed anchors (exit 1 when
 * anything is broken); `audit:purge` deletes audit rows older than the retention period.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const options = parseOptions(rest);
  if (command === 'verify' && !options.before) return withDatabase((pool) => verify(pool, options));
  if (command === 'purge' && options.before && !options.anchors && !options.publicKey) {
    const before = beijingMidnight(options.before);
    try {
      checkPurgeDate(before);
    } catch (error) {
      if (!(error instanceof AuditPurgeRefusedError)) throw error;
      throw new UsageError(`--before ${options.before} refused: audit rows are kept ${AUDIT_RETENTION_DAYS} days; the latest day allowed today is ${beijingDay(error.latestAllowed)}`);
    }
    return withDatabase((pool) => purge(pool, before, options.before as string));
  }
  throw new UsageError(USAGE);
}

async function verify(pool: pg.Pool, options: Options): Promise<number> {
  const files = anchorFiles();
  const anchorFile = options.anchors ?? files.anchorFile;
  const lines = await readAnchors(anchorFile);
  let key: AnchorVerifyingKey | null = null;
  if (lines.length > 0) {
    const publicKeyFile = options.publicKey ?? publicKeyFileOf(files.keyFile);
    key = await loadAnchorVerifyingKey(publicKeyFile).catch((error: Error) => {
      throw new UsageError(`cannot check the anchors in ${anchorFile} without the public key: ${error.message} (name one with --public-key FILE)`);
    });
  }
  const report = await verifyLedger(pool, key ? { lines, key } : undefined);
  for (const line of describeLedgerReport(report, anchorFile, key?.keyId ?? null)) say(line);
  await appendAuditRecord(pool, {
    at: new Date(),
    ...CLI,
    sourceAddress: null,
    action: 'audit.verified',
    object: null,
    result: report.ok ? 'success' : 'failure',
    correlationId: null,
    details: { osUser: userInfo().username, anchorFile, ...report },
  });
  return report.ok ? 0 : 1;
}

async function purge(pool: pg.Pool, before: Date, day: string): Promise<number> {
  const purged = await purgeAuditLog(pool, before, CLI);
  say(describePurge(purged, day));
  return 0;
}

async function withDatabase(work: (pool: pg.Pool) => Promise<number>): Promise<number> {
  const stack = await startLocalStack(say, { redis: false, mail: false });
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 3, application_name: 'taizhang-audit-cli' });
  pool.on('error', () => undefined); // an idle connection closed by the server at shutdown; queries report their own errors
  try {
    await migrateDatabase(stack.databaseUrl);
    return await work(pool);
  } finally {
    await pool.end();
    await stack.stop();
  }
}

interface Options {
  before?: string;
  anchors?: string;
  publicKey?: string;
}

function parseOptions(args: string[]): Options {
  const names: Record<string, keyof Options> = { '--before': 'before', '--anchors': 'anchors', '--public-key': 'publicKey' };
  const options: Options = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = names[args[i]];
    const value = args[i + 1];
    if (!name || value === undefined || value.startsWith('--') || options[name] !== undefined) throw new UsageError(USAGE);
    options[name] = value;
  }
  return options;
}

function beijingDay(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start of that day in Chuzhou. */
function beijingMidnight(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(utcMidnight.getTime()) || utcMidnight.toISOString().slice(0, 10) !== day) {
    throw new UsageError(`--before ${day} is not a date (YYYY-MM-DD)\n${USAGE}`);
  }
  return new Date(utcMidnight.getTime() - BEIJING_OFFSET_MS);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const refused = error instanceof UsageError || error instanceof AuditPurgeRefusedError;
    process.stderr.write(`[audit] ${refused ? '' : 'failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
