import { sign, verify } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AnchorSigningKey, AnchorVerifyingKey } from './anchor-keys.js';
import { sortKeys } from './audit-chain.js';

/**
 * The heads of the audit log and of the event log's seals at one moment, signed by the worker's
 * Ed25519 key and kept outside the database (a file, and the auditors' mailboxes). A database
 * superuser can rewrite a chain and every hash after it, but not an anchor taken before.
 */
export interface Anchor {
  /** When it was taken (ISO 8601). */
  at: string;
  /** The newest audit row then: its id and chain hash (hex). Null while the audit log is empty. */
  audit: { id: string; hash: string } | null;
  /** The newest seal then: its id, the position of its last event and its hash (hex). Null before the first seal. */
  events: { seal: string; lastPosition: string; hash: string } | null;
  /** Which key signed: the first 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
  /** Ed25519 over the anchor's canonical JSON without `signature`, base64. */
  signature: string;
}

export type UnsignedAnchor = Omit<Anchor, 'keyId' | 'signature'>;

/** One line of an anchor file: the anchor, or why the line is not one. Lines count from 1. */
export interface AnchorLine {
  line: number;
  anchor?: Anchor;
  error?: string;
}

/**
 * The bytes signed: the anchor without `signature` as JSON with every object's keys sorted and no
 * spaces, in UTF-8 — `{"at":"…","audit":{"hash":"…","id":"…"},"events":{"hash":"…","lastPosition":"…","seal":"…"},"keyId":"…"}`
 * (or `"audit":null`, `"events":null`). Any other field on the line is signed too, so adding one breaks the signature.
 */
export function canonicalAnchor(anchor: Omit<Anchor, 'signature'>): Buffer {
  const { signature: _signature, ...signed } = anchor as Omit<Anchor, 'signature'> & { signature?: string };
  return Buffer.from(JSON.stringify(sortKeys(signed)), 'utf8');
}

export function signAnchor(unsigned: UnsignedAnchor, key: AnchorSigningKey): Anchor {
  const anchor = { at: unsigned.at, audit: unsigned.audit, events: unsigned.events, keyId: key.keyId };
  return { ...anchor, signature: sign(null, canonicalAnchor(anchor), key.privateKey).toString('base64') };
}

/** Whether the anchor was signed by this key, exactly as it reads. */
export function verifyAnchorSignature(anchor: Anchor, key: AnchorVerifyingKey): boolean {
  if (anchor.keyId !== key.keyId || typeof anchor.signature !== 'string') return false;
  try {
    return verify(null, canonicalAnchor(anchor), key.publicKey, Buffer.from(anchor.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The anchor file when AUDIT_ANCHOR_FILE is unset: `anchors.jsonl` beside the key. */
export function defaultAnchorFile(privateKeyFile: string): string {
  return join(dirname(privateKeyFile), 'anchors.jsonl');
}

/** The anchor as one line of its file. */
export function anchorLine(anchor: Anchor): string {
  return JSON.stringify({ at: anchor.at, audit: anchor.audit, events: anchor.events, keyId: anchor.keyId, signature: anchor.signature });
}

/** Appends the anchor as one line and waits until it is on disk. */
export async function appendAnchor(file: string, anchor: Anchor): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o644);
  try {
    await handle.write(`${anchorLine(anchor)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every non-empty line of the file; none when it does not exist. A line cut short by a crash is returned with its error. */
export async function readAnchors(file: string): Promise<AnchorLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .map((content, index) => ({ content, line: index + 1 }))
    .filter(({ content }) => content.trim() !== '')
    .map(({ content, line }) => parseAnchor(content, line));
}

function parseAnchor(content: string, line: number): AnchorLine {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return { line, error: 'not JSON' };
  }
  return isAnchor(value) ? { line, anchor: value } : { line, error: 'not an anchor' };
}

function isAnchor(value: unknown): value is Anchor {
  const anchor = value as Partial<Anchor> | null;
  const hex = (text: unknown) => typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
  const digits = (text: unknown) => typeof text === 'string' && /^[0-9]+$/.test(text);
  return (
    typeof anchor === 'object' &&
    anchor !== null &&
    typeof anchor.at === 'string' &&
    typeof anchor.keyId === 'string' &&
    typeof anchor.signature === 'string' &&
    (anchor.audit === null || (typeof anchor.audit === 'object' && digits(anchor.audit?.id) && hex(anchor.audit?.hash))) &&
    (anchor.events === null ||
      (typeof anchor.events === 'object' && digits(anchor.events?.seal) && digits(anchor.events?.lastPosition) && hex(anchor.events?.hash)))
  );
}
