import { isEmail } from 'class-validator';
import type { Pool } from 'pg';
import { isCountySlug, type CountySlug } from '#libs/portfolio';

/** County leads hear of their county's milestones at L2, city leadership of every milestone at L3. */
export type RecipientRole = 'county_lead' | 'city_leadership';

export interface Recipient {
  role: RecipientRole;
  /** The county a lead answers for; absent for city leadership. */
  county?: CountySlug;
  email: string;
  name?: string;
}

export interface RecipientList {
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
  recipients: Recipient[];
}

/** The list was changed by someone else since the version the caller read. */
export class RecipientListConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`the recipient list is at version ${currentVersion}`);
  }
}

export async function readRecipients(pool: Pick<Pool, 'query'>): Promise<RecipientList> {
  const [list, rows] = await Promise.all([
    pool.query('SELECT version, updated_at, updated_by FROM alert_recipient_list'),
    pool.query(`SELECT role, county, email, name FROM alert_recipients ORDER BY role DESC, county, email`),
  ]);
  return {
    version: list.rows[0]?.version ?? 0,
    updatedAt: list.rows[0]?.updated_at ?? null,
    updatedBy: list.rows[0]?.updated_by ?? null,
    recipients: rows.rows.map((row) => ({
      role: row.role,
      ...(row.county ? { county: row.county } : {}),
      email: row.email,
      ...(row.name ? { name: row.name } : {}),
    })),
  };
}

/**
 * Replaces the whole list in one transaction. With `expectedVersion`, a list changed meanwhile is
 * a conflict (nothing is written); the version goes up by one on every replacement.
 */
export async function replaceRecipients(pool: Pool, recipients: readonly Recipient[], by: string, expectedVersion?: number): Promise<RecipientList> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO alert_recipient_list (version, updated_by) VALUES (0, $1)
       ON CONFLICT (singleton) DO UPDATE SET updated_by = excluded.updated_by
       RETURNING version`,
      [by],
    );
    const current: number = rows[0].version;
    if (expectedVersion !== undefined && expectedVersion !== current) throw new RecipientListConflict(current);
    await client.query('DELETE FROM alert_recipients');
    await insertRecipients(client, recipients);
    await client.query('UPDATE alert_recipient_list SET version = version + 1, updated_at = now(), updated_by = $1', [by]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return readRecipients(pool);
}

/** Fills the list from configuration the first time only: once anyone has saved a list, it is theirs. */
export async function seedRecipients(pool: Pool, recipients: readonly Recipient[]): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query(
      `INSERT INTO alert_recipient_list (version, updated_by) VALUES (1, 'configuration') ON CONFLICT (singleton) DO NOTHING`,
    );
    if (rowCount === 1) await insertRecipients(client, recipients);
    await client.query('COMMIT');
    return rowCount === 1;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function insertRecipients(client: Pick<Pool, 'query'>, recipients: readonly Recipient[]): Promise<void> {
  if (recipients.length === 0) return;
  await client.query(
    `INSERT INTO alert_recipients (role, county, email, name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [recipients.map((r) => r.role), recipients.map((r) => r.county ?? ''), recipients.map((r) => r.email.toLowerCase()), recipients.map((r) => r.name ?? null)],
  );
}

/**
 * The recipients named in configuration: ALERT_COUNTY_LEADS as `county=email,email;county=email`
 * and ALERT_CITY_LEADERSHIP as comma-separated e-mails. Throws naming the variable and the entry.
 */
export function recipientsFromConfiguration(countyLeads: string, cityLeadership: string): Recipient[] {
  const recipients: Recipient[] = [];
  for (const entry of splitList(countyLeads, ';')) {
    const [county, emails = ''] = entry.split('=').map((part) => part.trim());
    if (!isCountySlug(county)) throw new Error(`ALERT_COUNTY_LEADS: "${entry}" does not start with a county slug and "="`);
    for (const email of splitList(emails, ',')) recipients.push({ role: 'county_lead', county, email: checkedEmail('ALERT_COUNTY_LEADS', email) });
  }
  for (const email of splitList(cityLeadership, ',')) recipients.push({ role: 'city_leadership', email: checkedEmail('ALERT_CITY_LEADERSHIP', email) });
  return recipients;
}

function splitList(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function checkedEmail(variable: string, email: string): string {
  if (!isEmail(email, { require_tld: false })) throw new Error(`${variable}: "${email}" is not an e-mail address`);
  return email.toLowerCase();
}
