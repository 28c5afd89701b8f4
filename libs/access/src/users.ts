import type { Pool, PoolClient } from 'pg';
import type { CountySlug } from '#libs/portfolio';
import type { Role, SignedInUser } from './roles.js';

export interface StoredUser extends SignedInUser {
  email: string | null;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  /** The second factor's secret, encrypted (secret-box.ts); null until enrolment is confirmed. */
  totpSecret: string | null;
  /** A secret shown for enrolment and not yet confirmed by a code. */
  totpPendingSecret: string | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted: a code is good once. */
  totpLastStep: number | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  county: CountySlug | null;
  email?: string | null;
  passwordHash: string;
  mustChangePassword?: boolean;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  county?: CountySlug | null;
  email?: string | null;
  passwordHash?: string;
  mustChangePassword?: boolean;
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

type Queryable = Pick<Pool | PoolClient, 'query'>;
const COLUMNS = `username, display_name, role, county, email, password_hash, disabled, must_change_password, password_changed_at,
  totp_secret, totp_pending_secret, totp_enabled_at, totp_last_step, failed_sign_ins, locked_until, created_at, updated_at`;

export async function findUser(db: Queryable, username: string): Promise<StoredUser | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function listUsers(db: Queryable): Promise<StoredUser[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM users ORDER BY username`);
  return rows.map(toUser);
}

export async function countUsers(db: Queryable, role?: Role): Promise<number> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM users WHERE $1::text IS NULL OR role = $1', [role ?? null]);
  return rows[0].n;
}

export async function createUser(db: Queryable, user: NewUser): Promise<StoredUser> {
  const { rows } = await db.query(
    `INSERT INTO users (username, display_name, role, county, email, password_hash, must_change_password, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [user.username, user.displayName, user.role, user.county, user.email?.toLowerCase() ?? null, user.passwordHash, user.mustChangePassword ?? false],
  );
  if (!rows[0]) throw new UserAlreadyExists(user.username);
  return toUser(rows[0]);
}

/** Creates the user, or gives an existing one of that name these fields and password again (demo and test users). */
export async function upsertUser(db: Queryable, user: NewUser): Promise<StoredUser> {
  const { rows } = await db.query(
    `INSERT INTO users (username, display_name, role, county, email, password_hash, must_change_password, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, county = excluded.county,
       email = excluded.email, password_hash = excluded.password_hash, must_change_password = excluded.must_change_password,
       password_changed_at = now(), disabled = false, failed_sign_ins = 0, first_failed_at = NULL, locked_until = NULL, updated_at = now()
     RETURNING ${COLUMNS}`,
    [user.username, user.displayName, user.role, user.county, user.email?.toLowerCase() ?? null, user.passwordHash, user.mustChangePassword ?? false],
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
  const email = changes.email !== undefined ? (changes.email?.toLowerCase() ?? null) : current.email;
  const { rows } = await db.query(
    `UPDATE users SET display_name = $2, role = $3, county = $4, email = $5, password_hash = $6, disabled = $7,
       must_change_password = $8, password_changed_at = CASE WHEN $6 <> password_hash THEN now() ELSE password_changed_at END,
       updated_at = now()
     WHERE username = $1 RETURNING ${COLUMNS}`,
    [
      username,
      changes.displayName ?? current.displayName,
      role,
      county,
      email,
      changes.passwordHash ?? current.passwordHash,
      changes.disabled ?? current.disabled,
      changes.mustChangePassword ?? current.mustChangePassword,
    ],
  );
  return rows[0] ? toUser(rows[0]) : undefined;
}

function toUser(row: Record<string, unknown>): StoredUser {
  return {
    username: row.username as string,
    displayName: row.display_name as string,
    role: row.role as Role,
    county: (row.county as CountySlug | null) ?? null,
    email: (row.email as string | null) ?? null,
    passwordHash: row.password_hash as string,
    disabled: row.disabled as boolean,
    mustChangePassword: row.must_change_password as boolean,
    passwordChangedAt: (row.password_changed_at as Date | null) ?? null,
    totpSecret: (row.totp_secret as string | null) ?? null,
    totpPendingSecret: (row.totp_pending_secret as string | null) ?? null,
    totpEnabledAt: (row.totp_enabled_at as Date | null) ?? null,
    totpLastStep: row.totp_last_step === null || row.totp_last_step === undefined ? null : Number(row.totp_last_step),
    failedSignIns: row.failed_sign_ins as number,
    lockedUntil: (row.locked_until as Date | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

export interface ShownUser {
  username: string;
  displayName: string;
  role: Role;
  county: CountySlug | null;
  email: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What may be shown of a user: never a password hash or a second-factor secret. */
export function publicUser(user: StoredUser): ShownUser {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    county: user.county,
    email: user.email,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    totpEnabled: user.totpSecret !== null,
    lockedUntil: user.lockedUntil,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
