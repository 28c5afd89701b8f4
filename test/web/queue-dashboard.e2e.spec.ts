import { QueueName } from '#libs/queues';
import { startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { launchBrowser, screenshot, watchCspViolations, type CspViolation, type TestBrowser } from '../support/browser.js';

/**
 * bull-board's page needs a <base> of this site and inline styles, which the dashboard's policy
 * forbids: it gets a policy of its own, on its routes only, and loads in a real browser.
 */
describe('the queue dashboard in the browser', () => {
  let api: ApiUnderTest;
  let browser: TestBrowser;
  let violations: CspViolation[];
  let origin: string;

  beforeAll(async () => {
    api = await startApi();
    origin = new URL(api.baseUrl).origin;
    browser = await launchBrowser();
    violations = await watchCspViolations(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('an administrator signed in through the dashboard opens it and sees the queues, with no CSP refusal', async () => {
    await api.signIn('admin');
    const page = await browser.newPage();
    await page.goto(`${origin}/login?next=%2Fadmin%2Fqueues`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${origin}/admin/queues`);
    for (const name of Object.values(QueueName)) await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'queue-dashboard');
    expect(violations.filter((violation) => !/fonts\.googleapis/.test(violation.blocked))).toEqual([]);
    const csp = (await page.request.get(`${origin}/admin/queues`)).headers()['content-security-policy'];
    expect(csp).toContain("base-uri 'self'");
    const dashboard = (await page.request.get(`${origin}/`)).headers()['content-security-policy'];
    expect(dashboard).toContain("base-uri 'none'");
    expect(dashboard).not.toContain('unsafe-inline');
  });
});
