import { CATALOG_ENTRIES, PLAN_INDICATORS, PLAN_TARGETS } from '#libs/catalog';
import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

describe('catalog endpoints', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('lists every named project with counts and the uncertain mappings with their reasons', async () => {
    const reply = await http<{ count: number; entries: Array<{ id: string }>; uncertain: Array<{ reason: string }>; byCounty: Record<string, number> }>('GET', `${api.baseUrl}/catalog`);
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(CATALOG_ENTRIES.length);
    expect(reply.body.uncertain).toHaveLength(CATALOG_ENTRIES.filter((e) => e.uncertain).length);
    expect(reply.body.uncertain.every((u) => u.reason.length > 0)).toBe(true);
    expect(Object.values(reply.body.byCounty).reduce((a, b) => a + b, 0)).toBe(CATALOG_ENTRIES.length);
    const filtered = await http<{ entries: Array<{ county: string }> }>('GET', `${api.baseUrl}/catalog?county=fengyang`);
    expect(filtered.body.entries.length).toBeGreaterThan(0);
    expect(filtered.body.entries.every((e) => e.county === 'fengyang')).toBe(true);
    expect((await http('GET', `${api.baseUrl}/catalog?county=nowhere`)).body).toMatchObject({ field: 'county' });
  });

  it('serves the targets and the indicator table', async () => {
    expect((await http('GET', `${api.baseUrl}/catalog/targets`)).body).toMatchObject({ count: PLAN_TARGETS.length });
    expect((await http('GET', `${api.baseUrl}/catalog/indicators`)).body).toMatchObject({ count: PLAN_INDICATORS.length });
  });
});
