import type { Pool, PoolClient } from 'pg';

type Queryable = Pick<Pool | PoolClient, 'query'>;

export interface LockoutPolicy {
  /** Failures within the window that lock the account. */
  attempts: number;
  windowMinutes: number;
  lockMinutes: number;
}

/**
 * Counts one failed sign-in of the account, across every address it came from; the failure that
 * reaches the limit locks it. Returns whether that failure locked it.
 */
export async function recordFailedSignIn(db: Queryable, username: string, policy: LockoutPolicy, at: Date): Promise<{ lockedNow: boolean }> {
  const { rows } = await db.query(
    `WITH counted AS (
       SELECT username,
              CASE WHEN first_failed_at IS NULL OR first_failed_at < $3::timestamptz - make_interval(mins => $4) THEN 1 ELSE failed_sign_ins + 1 END AS failures,
              CASE WHEN first_failed_at IS NULL OR first_failed_at < $3::timestamptz - make_interval(mins => $4) THEN $3::timestamptz ELSE first_failed_at END AS since,
              locked_until
       FROM users WHERE username = $1 FOR UPDATE
     )
     UPDATE users u SET failed_sign_ins = c.failures, first_failed_at = c.since,
            locked_until = CASE WHEN c.failures >= $2 AND (c.locked_until IS NULL OR c.locked_until <= $3) THEN $3::timestamptz + make_interval(mins => $5)
                                ELSE c.locked_until END
     FROM counted c WHERE u.username = c.username
     RETURNING (c.failures >= $2 AND (c.locked_until IS NULL OR c.locked_until <= $3)) AS locked_now`,
    [username, policy.attempts, at, policy.windowMinutes, policy.lockMinutes],
  );
  return { lockedNow: rows[0]?.locked_now === true };
}

/** A successful sign-in starts the count again. */
export async function clearFailedSignIns(db: Queryable, username: string): Promise<void> {
  await db.query('UPDATE users SET failed_sign_ins = 0, first_failed_at = NULL WHERE username = $1 AND failed_sign_ins > 0', [username]);
}

export function isLocked(user: { lockedUntil: Date | null }, at: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil > at;
}

/** The security administrator's: unlocks the account and forgets its failures. Returns false when nothing was locked. */
export async function clearLock(db: Queryable, username: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE users SET failed_sign_ins = 0, first_failed_at = NULL, locked_until = NULL WHERE username = $1 AND (locked_until IS NOT NULL OR failed_sign_ins > 0)',
    [username],
  );
  return (rowCount ?? 0) > 0;
}

export interface AccountLock {
  username: string;
  displayName: string;
  role: string;
  failedSignIns: number;
  firstFailedAt: Date | null;
  lockedUntil: Date | null;
}

/** Accounts locked now, and accounts with recent failures. */
export async function listLocks(db: Queryable, at: Date, windowMinutes: number): Promise<AccountLock[]> {
  const { rows } = await db.query(
    `SELECT username, display_name, role, failed_sign_ins, first_failed_at, locked_until FROM users
     WHERE locked_until > $1 OR (failed_sign_ins > 0 AND first_failed_at >= $1::timestamptz - make_interval(mins => $2))
     ORDER BY locked_until DESC NULLS LAST, username`,
    [at, windowMinutes],
  );
  return rows.map((row) => ({
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    failedSignIns: row.failed_sign_ins,
    firstFailedAt: row.first_failed_at,
    lockedUntil: row.locked_until && row.locked_until > at ? row.locked_until : null,
  }));
}
