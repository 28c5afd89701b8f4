import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

/** 入侵防范 (headers) and 数据保密性 (health): a strict CSP, and no internals for whoever asks without credentials. */
describe('security headers and health', () => {
  let api: ApiUnderTest;
  let origin: string;

  beforeAll(async () => {
    api = await startApi({ environment: { METRICS_TOKEN } });
    origin = new URL(api.baseUrl).origin;
  });
  afterAll(() => api.close());

  it.each(['/', '/login', '/api/portfolio', '/api/health', '/api/nothing'])('%s has a CSP without unsafe-inline, with base-uri and object-src none', async (path) => {
    const response = await fetch(`${origin}${path}`, { headers: path === '/api/portfolio' ? await api.signIn('viewer') : {} });
    await response.arrayBuffer();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/base-uri 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
  });

  it('health without credentials says only up or down (degraded here: no worker runs)', async () => {
    const reply = await http('GET', `${api.baseUrl}/health`, undefined, { authorization: '' });
    expect(reply).toMatchObject({ status: 200, body: { status: 'degraded' } });
    expect(Object.keys(reply.body)).toEqual(['status']);
  });

  it('health with a signed-in user or the metrics token gives the details', async () => {
    for (const headers of [await api.signIn('viewer'), { authorization: `Bearer ${METRICS_TOKEN}` }]) {
      const reply = await http<{ details: Record<string, unknown> }>('GET', `${api.baseUrl}/health`, undefined, headers);
      expect(Object.keys(reply.body.details)).toEqual(expect.arrayContaining(['postgres', 'redis', 'eventLog', 'projections']));
    }
  });

  it('a wrong token gets the short answer, not an error', async () => {
    const reply = await http('GET', `${api.baseUrl}/health`, undefined, { authorization: 'Bearer nonsense' });
    expect(Object.keys(reply.body)).toEqual(['status']);
  });
});
