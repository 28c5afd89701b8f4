import type { FastifyReply } from 'fastify';
import { COMPRESSION_THRESHOLD_BYTES, encodeBody, preferredEncoding, type ContentEncoding } from '../http/compression.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A memoised JSON answer, compressed into each encoding the first time a client asks for it, then kept. */
export class MemoisedAnswer {
  private readonly encoded = new Map<ContentEncoding, Buffer>();

  constructor(readonly body: Buffer) {}

  /** Sets the content headers for the client's Accept-Encoding and returns the bytes to send. */
  sendableTo(acceptEncoding: string | string[] | undefined, reply: FastifyReply): Buffer {
    const encoding = this.body.length < COMPRESSION_THRESHOLD_BYTES ? undefined : preferredEncoding(acceptEncoding);
    void reply.type(JSON_TYPE).header('Vary', 'Accept-Encoding');
    if (!encoding) return this.body;
    void reply.header('Content-Encoding', encoding);
    return this.in(encoding);
  }

  private in(encoding: ContentEncoding): Buffer {
    let bytes = this.encoded.get(encoding);
    if (!bytes) {
      bytes = encodeBody(this.body, encoding);
      this.encoded.set(encoding, bytes);
    }
    return bytes;
  }
}
