import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256 } from './audit-chain.js';

/** The worker's key: it signs anchors. */
export interface AnchorSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** What a verifier needs: the public half only. */
export interface AnchorVerifyingKey {
  publicKey: KeyObject;
  keyId: string;
}

/** Where the public key of a private key file is kept. */
export const publicKeyFileOf = (privateKeyFile: string) => `${privateKeyFile}.pub`;

/**
 * Loads the Ed25519 private key (PEM) the worker signs with. Read synchronously: the worker
 * checks it while it is being built, before any job runs.
 */
export function loadAnchorSigningKey(privateKeyFile: string): AnchorSigningKey {
  const privateKey = ed25519(createPrivateKey(readFileSync(privateKeyFile)), privateKeyFile);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: anchorKeyId(publicKey) };
}

/** Loads the Ed25519 public key (PEM) from `<privateKeyFile>.pub`, or from the file given. */
export async function loadAnchorVerifyingKey(publicKeyFile: string): Promise<AnchorVerifyingKey> {
  const publicKey = ed25519(createPublicKey(await readFile(publicKeyFile)), publicKeyFile);
  return { publicKey, keyId: anchorKeyId(publicKey) };
}

/** The first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function anchorKeyId(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  return sha256(raw).toString('hex').slice(0, 16);
}

/**
 * Makes an Ed25519 key pair at `privateKeyFile` (PKCS#8 PEM, mode 0600; the folder 0700 when made)
 * and `<privateKeyFile>.pub` (SPKI PEM) unless the private key exists; writes a missing public
 * key from an existing private one. Returns whether a new pair was made.
 */
export async function ensureAnchorKey(privateKeyFile: string): Promise<boolean> {
  const publicKeyFile = publicKeyFileOf(privateKeyFile);
  if (await exists(privateKeyFile)) {
    if (!(await exists(publicKeyFile))) await writeFile(publicKeyFile, publicPem(loadAnchorSigningKey(privateKeyFile).publicKey), { mode: 0o644 });
    return false;
  }
  await mkdir(dirname(privateKeyFile), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // 'wx': two starts at once cannot both write a key; the loser's error says the file exists.
  await writeFile(privateKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyFile, 0o600); // the umask may have taken bits away, never added them; be exact anyway
  await writeFile(publicKeyFile, publicPem(publicKey), { mode: 0o644 });
  return true;
}

function publicPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }) as string;
}

function ed25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is a ${key.asymmetricKeyType} key; audit anchors need an Ed25519 key`);
  return key;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
