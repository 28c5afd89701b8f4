import nodemailer, { type Transporter } from 'nodemailer';
import type { Environment } from '#libs/config';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Nodemailer over SMTP_URL, one pooled connection per concurrent send; the worker refuses to start without it (it could send no alert). */
export function createMailTransport(env: Environment): Transporter {
  if (!env.SMTP_URL) throw new Error('SMTP_URL must be set for the worker: it sends the alert e-mails (npm start runs a local mail catcher when it is unset)');
  return nodemailer.createTransport(
    // Bounded waits: a send that hangs holds its digest's row, and its job's retries wait behind it.
    { url: env.SMTP_URL, pool: true, maxConnections: env.ALERT_SEND_CONCURRENCY, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000 },
    { from: env.ALERT_FROM },
  );
}
