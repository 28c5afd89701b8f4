import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { EventStore } from '#libs/event-store';
import { ProjectionRunner, PortfolioProjector } from '#libs/projections';
import { adminHeaders, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

type RawReply = { status: number; headers: IncomingHttpHeaders; bytes: Buffer };

/** A GET as the bytes came over the wire: node:http does not decompress, unlike fetch. */
function rawGet(url: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { ...adminHeaders(url), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const DECODERS: Record<string, (bytes: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

function decoded(reply: RawReply, parse: (bytes: Buffer) => unknown = (bytes) => JSON.parse(bytes.toString('utf8'))): unknown {
  const encoding = reply.headers['content-encoding'];
  return parse(encoding ? DECODERS[encoding](reply.bytes) : reply.bytes);
}

describe('compressed answers', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
    const { body } = await http('POST', `${api.baseUrl}/projects`, {
      name: '压缩 测试小学', county: 'dingyuan', category: 'education', subType: '小学', action: '新建', plan: '测试', managerEmail: 'pm@example.gov.cn',
    });
    await http('POST', `${api.baseUrl}/projects/${body.id}/milestones`, { key: 'approval', dueDate: '2026-12-01' });
    const runner = new ProjectionRunner(api.db.pool, new EventStore(api.db.pool), new PortfolioProjector());
    while ((await runner.runBatch()) > 0);
  });
  afterAll(() => api.close());

  it('sends a memoised read in the encoding the client prefers, the same answer in fewer bytes, first through Nest, then from the memo before it', async () => {
    const plain = await rawGet(`${api.baseUrl}/counties`, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const answer = decoded(plain);

    for (const [acceptEncoding, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
    ]) {
      const first = await rawGet(`${api.baseUrl}/counties`, { 'accept-encoding': acceptEncoding });
      const again = await rawGet(`${api.baseUrl}/counties`, { 'accept-encoding': acceptEncoding });
      for (const reply of [first, again]) {
        expect({ acceptEncoding, status: reply.status, encoding: reply.headers['content-encoding'], vary: reply.headers.vary }).toEqual({
          acceptEncoding,
          status: 200,
          encoding: expected,
          vary: 'Accept-Encoding',
        });
        expect(decoded(reply)).toEqual(answer);
        expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
        expect(reply.bytes.length * 3).toBeLessThan(plain.bytes.length);
        expect(reply.headers['x-log-position']).toBe(plain.headers['x-log-position']);
      }
    }
  });

  it('sends identity when the client accepts no encoding the API offers', async () => {
    const reply = await rawGet(`${api.baseUrl}/counties`, { 'accept-encoding': 'deflate, br;q=0' });
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(decoded(reply)).toMatchObject({ counties: expect.any(Array) });
  });

  it('compresses answers that are not memoised too, and leaves small ones as they are', async () => {
    const waited = await rawGet(`${api.baseUrl}/counties?minPosition=1`, { 'accept-encoding': 'gzip' });
    expect(waited.status).toBe(200);
    expect(waited.headers['content-encoding']).toBe('gzip');
    expect(decoded(waited)).toMatchObject({ counties: expect.any(Array) });
    const me = await rawGet(`${api.baseUrl}/auth/me`, { 'accept-encoding': 'gzip' });
    expect(me.status).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(decoded(me)).toMatchObject({ username: expect.any(String) });
  });

  it("serves the dashboard's files compressed at build time to a browser, and as they are to others", async () => {
    const origin = new URL(api.baseUrl).origin;
    const page = (await rawGet(`${origin}/`, {})).bytes.toString('utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const plain = await rawGet(`${origin}${script}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [encoding, decode] of Object.entries(DECODERS)) {
      const reply = await rawGet(`${origin}${script}`, { 'accept-encoding': encoding });
      expect({ status: reply.status, encoding: reply.headers['content-encoding'] }).toEqual({ status: 200, encoding });
      expect(decode(reply.bytes).equals(plain.bytes)).toBe(true);
      expect(reply.bytes.length * 2).toBeLessThan(plain.bytes.length);
      // a file of known length, not a stream compressed on the way out (that one would be chunked)
      expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
    }
    const index = await rawGet(`${origin}/projects/some-project`, { 'accept-encoding': 'br' });
    expect(index.status).toBe(200);
    expect(decoded(index, (bytes) => bytes.toString('utf8'))).toBe(page); // under 1 kB: sent as it is
  });
});
