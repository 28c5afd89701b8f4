import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { Pool, PoolClient } from 'pg';
import QRCode from 'qrcode';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const ISSUER = '滁州台账';
/** One step either way: a phone whose clock is a little off still signs in. */
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: ISSUER, label: username, secret });
}

/** The enrolment QR code as an SVG document, drawn here: the secret never leaves for a QR service. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** A code for this secret at this instant (tests and the demo's printout). */
export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * The time step of a code that is right for this secret at this instant and newer than the last
 * step accepted (a code is good once); undefined otherwise.
 */
export async function acceptedTotpStep(secret: string, code: string, at: Date, lastStep: number | null): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Recovery codes: 10 random groups shown once; only their SHA-256 is kept (they are random, so no slow hash is needed). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const digits = randomBytes(8).readBigUInt64BE() % 10n ** 12n;
    return digits.toString().padStart(12, '0').replace(/(\d{4})(?=\d)/g, '$1-');
  });
}

export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[^0-9]/g, '')).digest('hex');
}

/** Marks the pending secret as the user's second factor, replacing recovery codes; refuses if the pending secret changed meanwhile. */
export async function enableTotp(db: Queryable, username: string, sealedSecret: string, step: number, codes: string[], at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $3, totp_last_step = $4, totp_failures = 0
     WHERE username = $1 AND totp_pending_secret = $2`,
    [username, sealedSecret, at, step],
  );
  if (!rowCount) return false;
  await db.query('DELETE FROM user_recovery_codes WHERE username = $1', [username]);
  await db.query('INSERT INTO user_recovery_codes (username, code_hash) SELECT $1, unnest($2::text[])', [username, codes.map(recoveryCodeHash)]);
  return true;
}

export async function setPendingTotpSecret(db: Queryable, username: string, sealedSecret: string): Promise<void> {
  await db.query('UPDATE users SET totp_pending_secret = $2 WHERE username = $1', [username, sealedSecret]);
}

/** Accepts the step only if it is newer than the last one accepted (two requests with one code: one wins). */
export async function claimTotpStep(db: Queryable, username: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE users SET totp_last_step = $2, totp_failures = 0 WHERE username = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
    [username, step],
  );
  return (rowCount ?? 0) > 0;
}

/** Uses up a recovery code; false when it is wrong or used already. */
export async function useRecoveryCode(db: Queryable, username: string, code: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE user_recovery_codes SET used_at = $3 WHERE username = $1 AND code_hash = $2 AND used_at IS NULL',
    [username, recoveryCodeHash(code), at],
  );
  return (rowCount ?? 0) > 0;
}

export async function unusedRecoveryCodes(db: Queryable, username: string): Promise<number> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM user_recovery_codes WHERE username = $1 AND used_at IS NULL', [username]);
  return rows[0].n;
}

/** The security administrator's: the user enrols again at the next sign-in (where the role requires it). */
export async function resetTotp(db: Queryable, username: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, totp_failures = 0
     WHERE username = $1 AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL)`,
    [username],
  );
  await db.query('DELETE FROM user_recovery_codes WHERE username = $1', [username]);
  return (rowCount ?? 0) > 0;
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
