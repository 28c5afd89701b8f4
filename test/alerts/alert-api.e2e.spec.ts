import { http, startApi, type ApiUnderTest } from '../support/api-under-test.js';

describe('GET/PUT /api/recipients and GET /api/alerts', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const put = (body: unknown, headers: Record<string, string> = {}) => http('PUT', `${api.baseUrl}/recipients`, body, headers);

  it('replaces the list as a whole and counts versions; a stale If-Match gets 409 and changes nothing', async () => {
    const first = await put({ recipients: [{ role: 'county_lead', county: 'mingguang', email: 'Lead@Mingguang.example.gov.cn', name: '明光市' }] }, { 'If-Match': '"0"' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, updatedBy: 'admin', recipients: [{ role: 'county_lead', county: 'mingguang', email: 'lead@mingguang.example.gov.cn', name: '明光市' }] });

    const second = await put({ recipients: [{ role: 'city_leadership', email: 'leader@chuzhou.example.gov.cn' }] }, { 'If-Match': '"1"' });
    expect(second.body).toMatchObject({ version: 2, recipients: [{ role: 'city_leadership', email: 'leader@chuzhou.example.gov.cn' }] });

    const stale = await put({ recipients: [] }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'RECIPIENT_LIST_CHANGED', field: 'If-Match', currentVersion: 2 });
    expect((await http('GET', `${api.baseUrl}/recipients`)).body).toMatchObject({ version: 2, recipients: [{ role: 'city_leadership' }] });
  });

  it('names the field that is wrong and stores nothing', async () => {
    const before = (await http('GET', `${api.baseUrl}/recipients`)).body;
    const cases: Array<[unknown, string, string]> = [
      [{ recipients: [{ role: 'county_lead', email: 'a@b.cn' }] }, 'recipients.0.county', 'county must be one of'],
      [{ recipients: [{ role: 'city_leadership', county: 'laian', email: 'a@b.cn' }] }, 'recipients.0.county', 'county must be absent for city leadership'],
      [{ recipients: [{ role: 'mayor', email: 'a@b.cn' }] }, 'recipients.0.role', 'role must be one of county_lead, city_leadership'],
      [{ recipients: [{ role: 'city_leadership', email: 'nobody' }] }, 'recipients.0.email', 'email must be an e-mail address'],
      [{ recipients: 'everyone' }, 'recipients', 'recipients must be an array'],
      [{ recipients: [{ role: 'city_leadership', email: 'a@b.cn' }, { role: 'city_leadership', email: 'A@b.cn' }] }, 'recipients.1.email', 'listed twice'],
    ];
    for (const [body, field, message] of cases) {
      const reply = await put(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ field });
      expect(String(reply.body.message)).toContain(message);
    }
    expect((await http('GET', `${api.baseUrl}/recipients`)).body).toEqual(before);
  });

  it('filters alert history and refuses a bad filter naming it', async () => {
    expect((await http('GET', `${api.baseUrl}/alerts?level=L2&status=sent&date=2026-03-02`)).body).toEqual({ total: 0, page: 1, limit: 50, items: [] });
    for (const [query, field] of [['level=L4', 'level'], ['status=lost', 'status'], ['date=2026-02-30', 'date'], ['recipient=nobody', 'recipient'], ['limit=1000', 'limit'], ['page=0', 'page']]) {
      const reply = await http('GET', `${api.baseUrl}/alerts?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ field });
    }
  });
});
