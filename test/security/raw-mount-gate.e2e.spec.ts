import { startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { rawRequest } from './security-support.js';

/**
 * 访问控制: bull-board and the API docs are mounted outside Nest's router. However a path to them is
 * spelled, what answers is either the gate (401/302/403) or something that is not them (a 404, the
 * dashboard's own page): never the queues or the API description without the right sign-in.
 */
const QUEUES = ['/admin/queues/api/queues', '/admin/queues'];
const DOCS = ['/api/docs-json', '/api/docs'];

const SPELLINGS: [string, (path: string) => string][] = [
  ['as registered', (p) => p],
  ['a percent-encoded letter', (p) => p.replace(/\/(q)ueues|\/(d)ocs/, (m) => m.replace(/[qd]/, (c) => `%${c.charCodeAt(0).toString(16)}`))],
  ['an upper-case percent escape', (p) => p.replace(/\/(q)ueues|\/(d)ocs/, (m) => m.replace(/[qd]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))],
  ['encoded slashes', (p) => p.replace(/\//g, '%2F').replace(/^%2F/, '/')],
  ['double encoding', (p) => p.replace(/\/(q)ueues|\/(d)ocs/, (m) => m.replace(/[qd]/, (c) => `%25${c.charCodeAt(0).toString(16)}`))],
  ['upper case', (p) => p.toUpperCase()],
  ['a trailing slash', (p) => `${p}/`],
  ['a semicolon', (p) => p.replace(/(queues|docs)/, '$1;x=1')],
  ['a doubled slash', (p) => `/${p}`],
  ['a doubled inner slash', (p) => p.replace(/\/(queues|docs)/, '//$1')],
  ['a dot segment', (p) => p.replace(/\/(queues|docs)/, '/./$1')],
  ['a dot-dot segment', (p) => p.replace(/\/(queues|docs)/, '/x/../$1')],
  ['an encoded dot segment', (p) => p.replace(/\/(queues|docs)/, '/%2e/$1')],
];

/** What only the protected mounts answer. */
function leaks(body: string): boolean {
  return /"openapi"\s*:/.test(body) || /"queues"\s*:\s*\[/.test(body) || /Taizhang queues|bull-board/i.test(body) || /swagger-ui/i.test(body);
}

describe('one gate for everything mounted outside Nest', () => {
  let api: ApiUnderTest;
  let origin: string;
  let viewer: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    api = await startApi();
    origin = new URL(api.baseUrl).origin;
    viewer = await api.signIn('viewer');
    admin = await api.signIn('admin');
  });
  afterAll(() => api.close());

  const cases = [...QUEUES, ...DOCS].flatMap((path) => SPELLINGS.map(([how, spell]) => ({ path, how, sent: spell(path) })));

  it.each(cases)('$path with $how ($sent): nothing without a token', async ({ sent }) => {
    for (const accept of ['application/json', 'text/html']) {
      const reply = await rawRequest(origin, 'GET', sent, { accept });
      expect({ sent, accept, leaked: leaks(reply.body), ok: reply.status === 200 && leaks(reply.body) }).toEqual({ sent, accept, leaked: false, ok: false });
      expect([200, 302, 400, 401, 404]).toContain(reply.status);
    }
  });

  it.each(cases.filter(({ path }) => path.startsWith('/admin')))('$path with $how: nothing for a viewer either', async ({ sent }) => {
    const reply = await rawRequest(origin, 'GET', sent, viewer);
    expect({ sent, leaked: leaks(reply.body) }).toEqual({ sent, leaked: false });
  });

  it('opens the queues to the system administrator and the docs to any signed-in user, as registered', async () => {
    const queues = await rawRequest(origin, 'GET', '/admin/queues/api/queues', admin);
    expect(queues.status).toBe(200);
    expect(leaks(queues.body)).toBe(true);
    const docs = await rawRequest(origin, 'GET', '/api/docs-json', viewer);
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('"openapi"');
    expect((await rawRequest(origin, 'GET', '/api/%64ocs-json', viewer)).status).toBe(200);
  });

  it('the percent-encoded spellings reach the gate, which refuses them (401), not some other route', async () => {
    expect((await rawRequest(origin, 'GET', '/admin/%71ueues/api/queues', { accept: 'application/json' })).status).toBe(401);
    expect((await rawRequest(origin, 'GET', '/api/%64ocs-json', { accept: 'application/json' })).status).toBe(401);
    expect((await rawRequest(origin, 'GET', '/admin/%71ueues/api/queues', viewer)).status).toBe(403);
  });
});
