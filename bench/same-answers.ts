import { isDeepStrictEqual } from 'node:util';
import type { ReadServer } from './read-servers.js';

export interface Answer {
  status: number;
  logPosition: string | null;
  /** The JSON's size, and what went over the wire (compressed when the client accepts it). */
  bytes: number;
  wireBytes: number;
  body: unknown;
}

export async function get(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  const bytes = Buffer.byteLength(text);
  const wireBytes = Number(response.headers.get('content-length') ?? bytes); // fetch decompresses; the header keeps the wire size
  return { status: response.status, logPosition: response.headers.get('x-log-position'), bytes, wireBytes, body: JSON.parse(text) };
}

/**
 * Before any load: every server must give the bare server's 200 answer (body and X-Log-Position)
 * to the path, or the comparison would measure different work. Returns the bare server's answer.
 */
export async function expectSameAnswers(path: string, bare: ReadServer, others: ReadServer[]): Promise<Answer> {
  const expected = await get(`${bare.baseUrl}${path}`, bare.headers);
  if (expected.status !== 200) throw new Error(`GET ${path}: the bare server answered ${expected.status}: ${JSON.stringify(expected.body).slice(0, 500)}`);
  for (const server of others) {
    const answer = await get(`${server.baseUrl}${path}`, server.headers);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${server.name} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    if (!isDeepStrictEqual(answer.body, expected.body) || answer.logPosition !== expected.logPosition) {
      throw new Error(
        `GET ${path}: ${server.name} and the bare server answer differently\n` +
          `${server.name} (X-Log-Position ${answer.logPosition}): ${JSON.stringify(answer.body).slice(0, 1000)}\n` +
          `bare (X-Log-Position ${expected.logPosition}): ${JSON.stringify(expected.body).slice(0, 1000)}`,
      );
    }
  }
  return expected;
}
