import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encrypts small secrets at rest (second-factor secrets) with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`,
 * base64url. Someone who reads the users table without the key cannot sign in as its users.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('a SecretBox key is 32 bytes');
    this.key = key;
  }

  /** From AUTH_DATA_KEY (base64), else derived from another secret (development and tests only). */
  static fromSettings(dataKey: string | undefined, fallbackSecret: string): SecretBox {
    if (dataKey) return new SecretBox(Buffer.from(dataKey.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    return new SecretBox(createHash('sha256').update(`taizhang data key|${fallbackSecret}`).digest());
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, text] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || text === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(text, 'base64url')), decipher.final()]).toString('utf8');
  }
}
