import type { Pool } from 'pg';
import type { CountySlug } from '#libs/portfolio';
import type { Role, SignedInUser } from './roles.js';

export interface StoredUser extends SignedInUser {
  passwordHash: string;
  disabled: boolean;
  /** Moved on by the database whenever role, county, password or disabled change: older sign-in tokens stop counting. */
  sessionGeneration: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  county: CountySlug | null;
  passwordHash: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  county?: CountySlug | null;
  passwordHash?: string;
  disabled?: boolean;
}

export class ManagerWithoutCounty extends Error {
  constructor(readonly username: string) {
    super(`${username} would be a manager without a county`);
  }
}

export class UserAlreadyExists extends Error {
  constructor(readonly username: string) {
    super(`a user named ${username} already exists`);
  }
}

type Queryable = Pick<Pool, 'query'>;
const COLUMNS = 'username, display_name, role, county, password_hash, disabled, session_generation, created_at, updated_at';

export async function findUser(db: Queryable, username: string): Promise<StoredUser | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function listUsers(db: Queryable): Promise<StoredUser[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM users ORDER BY username`);
  return rows.map(toUser);
}

export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM users');
  return rows[0].n;
}

export async function createUser(db: Queryable, user: NewUser): Promise<StoredUser> {
  const { rows } = await db.query(
    `INSERT INTO users (username, display_name, role, county, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [user.username, user.displayName, user.role, user.county, user.passwordHash],
  );
  if (!rows[0]) throw new UserAlreadyExists(user.username);
  return toUser(rows[0]);
}

/** Creates the user, or gives an existing one of that name these fields and password again. */
export async function upsertUser(db: Queryable, user: NewUser): Promise<StoredUser> {
  const { rows } = await db.query(
    `INSERT INTO users (username, display_name, role, county, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, county = excluded.county,
       password_hash = excluded.password_hash, disabled = false, updated_at = now()
     RETURNING ${COLUMNS}`,
    [user.username, user.displayName, user.role, user.county, user.passwordHash],
  );
  return toUser(rows[0]);
}

/** Applies the changes to the user; undefined when there is no such user. */
export async function updateUser(db: Queryable, username: string, changes: UserChanges): Promise<StoredUser | undefined> {
  const current = await findUser(db, username);
  if (!current) return undefined;
  const role = changes.role ?? current.role;
  const county = role === 'manager' ? (changes.county !== undefined ? changes.county : current.county) : null;
  if (role === 'manager' && !county) throw new ManagerWithoutCounty(username);
  const { rows } = await db.query(
    `UPDATE users SET display_name = $2, role = $3, county = $4, password_hash = $5, disabled = $6, updated_at = now()
     WHERE username = $1 RETURNING ${COLUMNS}`,
    [username, changes.displayName ?? current.displayName, role, county, changes.passwordHash ?? current.passwordHash, changes.disabled ?? current.disabled],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** The session generation of every user whose sessions have ever been ended (the others are at 0). */
export async function sessionGenerations(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query('SELECT username, session_generation FROM users WHERE session_generation > 0');
  return new Map(rows.map((row) => [row.username as string, row.session_generation as number]));
}

function toUser(row: Record<string, unknown>): StoredUser {
  return {
    username: row.username as string,
    displayName: row.display_name as string,
    role: row.role as Role,
    county: (row.county as CountySlug | null) ?? null,
    passwordHash: row.password_hash as string,
    disabled: row.disabled as boolean,
    sessionGeneration: row.session_generation as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

/** What may be shown of a user: never the password hash. */
export function publicUser(user: StoredUser): Omit<StoredUser, 'passwordHash' | 'sessionGeneration'> {
  const { passwordHash: _hidden, sessionGeneration: _internal, ...shown } = user;
  return shown;
}
