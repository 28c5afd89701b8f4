import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { negotiate } from '@fastify/accept-negotiator';
import fastifyCompress from '@fastify/compress';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What the API compresses into, best first. */
export const CONTENT_ENCODINGS = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof CONTENT_ENCODINGS)[number];

// Brotli's default quality (11) takes milliseconds per answer; 5 is about as fast as gzip and still smaller.
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
/** Smaller answers gain nothing from compression. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
const NEGOTIATED_CACHE_LIMIT = 100;
const negotiated = new Map<string, ContentEncoding | undefined>();

/**
 * Compresses every answer of 1 kB and more for a client that accepts br or gzip (every browser does):
 * the dashboard's JSON shrinks about tenfold. Answers that are already encoded (memoised reads,
 * encoded once by `encodeBody`) pass as they are.
 */
export async function registerCompression(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCompress, { encodings: [...CONTENT_ENCODINGS], threshold: COMPRESSION_THRESHOLD_BYTES, brotliOptions: BROTLI_OPTIONS });
}

/** The encoding to answer in for an Accept-Encoding header, as @fastify/compress would choose it; undefined for none. */
export function preferredEncoding(acceptEncoding: string | string[] | undefined): ContentEncoding | undefined {
  if (typeof acceptEncoding !== 'string' || acceptEncoding === '') return undefined;
  if (negotiated.has(acceptEncoding)) return negotiated.get(acceptEncoding);
  const encoding = (negotiate(acceptEncoding, [...CONTENT_ENCODINGS]) ?? undefined) as ContentEncoding | undefined;
  // Clients send a handful of distinct headers; the bound only keeps odd ones from filling memory.
  if (negotiated.size >= NEGOTIATED_CACHE_LIMIT) negotiated.clear();
  negotiated.set(acceptEncoding, encoding);
  return encoding;
}

export function encodeBody(body: Buffer, encoding: ContentEncoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, BROTLI_OPTIONS) : gzipSync(body);
}
