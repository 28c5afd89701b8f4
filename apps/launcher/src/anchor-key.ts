import { join } from 'node:path';
import { defaultAnchorFile, ensureAnchorKey } from '#libs/audit';
import { STATE_DIR } from './local-stack.js';

/** Where `npm start` keeps the worker's audit anchor key when AUDIT_ANCHOR_KEY_FILE is unset. */
export const LOCAL_ANCHOR_KEY_FILE = join(STATE_DIR, 'keys', 'audit-anchor.pem');

/** The key file and anchor file the worker uses, as the environment names them or `npm start` makes them. */
export function anchorFiles(env: NodeJS.ProcessEnv = process.env): { keyFile: string; anchorFile: string } {
  const keyFile = env.AUDIT_ANCHOR_KEY_FILE || LOCAL_ANCHOR_KEY_FILE;
  return { keyFile, anchorFile: env.AUDIT_ANCHOR_FILE || defaultAnchorFile(keyFile) };
}

/** Makes the local anchor key on first start; returns its file, for the worker's AUDIT_ANCHOR_KEY_FILE. */
export async function prepareLocalAnchorKey(say: (line: string) => void): Promise<string> {
  if (await ensureAnchorKey(LOCAL_ANCHOR_KEY_FILE)) say(`made the audit anchor signing key ${LOCAL_ANCHOR_KEY_FILE} (public key: .pub beside it)`);
  return LOCAL_ANCHOR_KEY_FILE;
}
