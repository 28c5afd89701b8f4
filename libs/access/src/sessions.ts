import type { Pool, PoolClient } from 'pg';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/**
 * What a session may do: everything, or only what must come first — a new password (first sign-in
 * or a password an administrator set), then enrolling a second factor where the role requires one.
 */
export const SESSION_SCOPES = ['full', 'password-change', 'totp-enrolment'] as const;
export type SessionScope = (typeof SESSION_SCOPES)[number];

/** PostgreSQL announces every ended session on this channel (migration 1764900000000-security). */
export const SESSION_ENDED_CHANNEL = 'taizhang_session_ended';

export interface Session {
  id: string;
  username: string;
  scope: SessionScope;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  endedReason: string | null;
  sourceAddress: string | null;
  userAgent: string | null;
}

export type SessionEndReason = 'signed-out' | 'idle' | 'ended-by-administrator' | 'account-changed' | 'replaced';

const COLUMNS = 'id, username, scope, created_at, last_seen_at, expires_at, ended_at, ended_reason, source_address, user_agent';

export async function createSession(db: Queryable, session: Omit<Session, 'endedAt' | 'endedReason' | 'lastSeenAt'>): Promise<Session> {
  const { rows } = await db.query(
    `INSERT INTO user_sessions (id, username, scope, created_at, last_seen_at, expires_at, source_address, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [session.id, session.username, session.scope, session.createdAt, session.expiresAt, session.sourceAddress, session.userAgent],
  );
  return toSession(rows[0]);
}

export async function findSession(db: Queryable, id: string): Promise<Session | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM user_sessions WHERE id = $1`, [id]);
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Ends the session if it is live; returns it when this call ended it. */
export async function endSession(db: Queryable, id: string, reason: SessionEndReason): Promise<Session | undefined> {
  const { rows } = await db.query(
    `UPDATE user_sessions SET ended_at = now(), ended_reason = $2 WHERE id = $1 AND ended_at IS NULL RETURNING ${COLUMNS}`,
    [id, reason],
  );
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Ends every live session of the user; returns how many. */
export async function endSessionsOf(db: Queryable, username: string, reason: SessionEndReason): Promise<number> {
  const { rowCount } = await db.query('UPDATE user_sessions SET ended_at = now(), ended_reason = $2 WHERE username = $1 AND ended_at IS NULL', [username, reason]);
  return rowCount ?? 0;
}

/** Live sessions (not ended, not expired), newest first; of one user when given. */
export async function listLiveSessions(db: Queryable, at: Date, username?: string): Promise<(Session & { role: string; displayName: string })[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => `s.${c}`)
      .join(', ')}, u.role, u.display_name
     FROM user_sessions s JOIN users u USING (username)
     WHERE s.ended_at IS NULL AND s.expires_at > $1 AND ($2::text IS NULL OR s.username = $2)
     ORDER BY s.last_seen_at DESC LIMIT 1000`,
    [at, username ?? null],
  );
  return rows.map((row) => ({ ...toSession(row), role: row.role as string, displayName: row.display_name as string }));
}

/** Sessions ended after this instant (the database's clock), for processes that may have missed a notification. */
export async function sessionsEndedSince(db: Queryable, since: Date): Promise<{ id: string; endedAt: Date }[]> {
  const { rows } = await db.query('SELECT id, ended_at FROM user_sessions WHERE ended_at >= $1', [since]);
  return rows.map((row) => ({ id: row.id as string, endedAt: row.ended_at as Date }));
}

/** Records when sessions were last used (written in batches, not per request). */
export async function touchSessions(db: Queryable, seen: ReadonlyMap<string, Date>): Promise<void> {
  if (seen.size === 0) return;
  await db.query(
    `UPDATE user_sessions s SET last_seen_at = greatest(s.last_seen_at, v.seen)
     FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, seen) WHERE s.id = v.id AND s.ended_at IS NULL`,
    [[...seen.keys()], [...seen.values()]],
  );
}

function toSession(row: Record<string, unknown>): Session {
  return {
    id: row.id as string,
    username: row.username as string,
    scope: row.scope as SessionScope,
    createdAt: row.created_at as Date,
    lastSeenAt: row.last_seen_at as Date,
    expiresAt: row.expires_at as Date,
    endedAt: (row.ended_at as Date | null) ?? null,
    endedReason: (row.ended_reason as string | null) ?? null,
    sourceAddress: (row.source_address as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
  };
}
