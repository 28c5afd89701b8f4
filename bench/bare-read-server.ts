import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import pg from 'pg';
import { Environment } from '#libs/config';
import { isCountySlug, systemClock, today } from '#libs/portfolio';
import { PORTFOLIO_PROJECTION, countyViews, listProjects, readCheckpoint, type RagThresholds } from '#libs/projections';

/**
 * `node dist/bench/bare-read-server.js` with DATABASE_URL, PORT and HOST: the baseline for the API's
 * read endpoints. A plain node:http server with a pg.Pool as large as the API's, answering
 * GET /api/counties and GET /api/projects?county=…&overdue=true with the very calls the API's
 * controllers make: the checkpoint for X-Log-Position, then countyViews or listProjects, judged
 * on today in Asia/Shanghai with the API's default RAG thresholds. Answers of 1 kB and more are
 * compressed for a client that accepts br or gzip, as the API's are (same settings). No framework,
 * no validation pipe, no correlation id, no memo: whatever the API costs beyond this is its own.
 */
const defaults = new Environment();
const RAG: RagThresholds = { redDays: defaults.RAG_RED_DAYS, amberDays: defaults.RAG_AMBER_DAYS };
const pool = new pg.Pool({
  connectionString: required('DATABASE_URL'),
  max: Number(process.env.DATABASE_POOL_SIZE ?? defaults.DATABASE_POOL_SIZE),
  application_name: 'taizhang-bench-bare',
});

type Answer = { status: number; body: unknown; logPosition?: number };

async function answer(req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (req.method !== 'GET') return { status: 405, body: { message: 'GET only' } };
  if (url.pathname === '/api/health') return { status: 200, body: { status: 'ok' } };
  if (url.pathname === '/api/counties' && url.search === '') {
    const day = today(systemClock);
    const checkpoint = await readCheckpoint(pool, PORTFOLIO_PROJECTION);
    return { status: 200, body: { day, counties: await countyViews(pool, { day }) }, logPosition: checkpoint.position };
  }
  if (url.pathname === '/api/projects') {
    const county = url.searchParams.get('county') ?? '';
    if (!isCountySlug(county) || url.searchParams.get('overdue') !== 'true' || [...url.searchParams.keys()].length !== 2) {
      return { status: 400, body: { message: 'the bare server answers only ?county=<slug>&overdue=true' } };
    }
    const day = today(systemClock);
    const checkpoint = await readCheckpoint(pool, PORTFOLIO_PROJECTION);
    const list = await listProjects(pool, { county, overdue: true, sort: 'name', order: 'asc', page: 1, limit: 50 }, day, RAG);
    return { status: 200, body: list, logPosition: checkpoint.position };
  }
  return { status: 404, body: { message: `no route ${url.pathname}` } };
}

function reply(req: IncomingMessage, res: ServerResponse, { status, body, logPosition }: Answer): void {
  const json = Buffer.from(JSON.stringify(body));
  const encoding = json.length < 1024 ? undefined : acceptedEncoding(req.headers['accept-encoding']);
  const bytes = encoding === 'br' ? brotliCompressSync(json, BROTLI_OPTIONS) : encoding === 'gzip' ? gzipSync(json) : json;
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, vary: 'Accept-Encoding' };
  if (encoding) headers['content-encoding'] = encoding;
  if (logPosition !== undefined) headers['x-log-position'] = String(logPosition);
  res.writeHead(status, headers).end(bytes);
}

const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

/** br if the client takes it, else gzip, else none (q-values are not weighed: the benchmark's clients send none). */
function acceptedEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  const offered = (header ?? '').split(',').map((part) => part.trim().split(';')[0]);
  return offered.includes('br') ? 'br' : offered.includes('gzip') ? 'gzip' : undefined;
}

const server = createServer((req, res) => {
  answer(req).then(
    (a) => reply(req, res, a),
    (error: unknown) => reply(req, res, { status: 500, body: { message: error instanceof Error ? error.message : String(error) } }),
  );
});

server.listen(Number(required('PORT')), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(`[bare] listening on ${JSON.stringify(server.address())}\n`);
});

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown).once('SIGINT', shutdown);

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`[bare] ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}
