import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Page, Request } from 'playwright-core';
import type { CalendarDate, ProjectCommand } from '#libs/portfolio';
import { http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { recordOn } from '../support/backdated-ledger.js';
import { accessibilityProblems, launchBrowser, screenshot, watchCspViolations, type CspViolation, type TestBrowser } from '../support/browser.js';
import { startWorker } from '../support/worker-under-test.js';

const register = (projectId: string, name: string, county: string): ProjectCommand => ({
  type: 'registerProject',
  projectId,
  name,
  county,
  category: 'education',
  subType: '小学',
  action: '新建',
  plan: '滁州市“十四五”公共服务规划',
  plannedStart: '2026-01-01',
  plannedCompletion: '2028-12-31',
  managerEmail: 'pm@dingyuan.example.gov.cn',
});

const SCHOOL = 'dingyuan-school';
const SCHOOL_NAME = '定远县第九实验小学';
const CLINIC = 'dingyuan-clinic';
const BEFORE_CLINIC: CalendarDate = '2026-10-10';

/**
 * A ledger recorded over several days: the school (定远县) since 10-01, its groundbreaking due 11-01
 * and started but not done (overdue); a clinic (定远县) only since 11-20; a hall in 来安县.
 */
async function seedLedger(api: ApiUnderTest): Promise<void> {
  const pool = api.db.pool;
  await recordOn(pool, '2026-10-01', SCHOOL, register(SCHOOL, SCHOOL_NAME, 'dingyuan'));
  await recordOn(pool, '2026-10-01', SCHOOL, { type: 'planMilestone', key: 'approval', dueDate: '2026-06-30' });
  await recordOn(pool, '2026-10-01', SCHOOL, { type: 'planMilestone', key: 'groundbreaking', dueDate: '2026-11-01' });
  await recordOn(pool, '2026-10-05', SCHOOL, { type: 'completeMilestone', key: 'approval', completedOn: '2026-06-20' });
  await recordOn(pool, '2026-10-20', SCHOOL, { type: 'startMilestone', key: 'groundbreaking', startedOn: '2026-10-18' });
  await recordOn(pool, '2026-10-01', 'laian-hall', register('laian-hall', '来安县文化馆', 'laian'));
  await recordOn(pool, '2026-11-20', CLINIC, register(CLINIC, '定远县炉桥镇卫生院', 'dingyuan'));
  await recordOn(pool, '2026-11-20', CLINIC, { type: 'planMilestone', key: 'approval', dueDate: '2027-03-01' });
}

async function signIn(page: Page, origin: string, username: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

const tile = (page: Page, id: string) => page.getByTestId(id);

describe('the dashboard in Chromium: a manager records progress, a leader watches it', () => {
  let api: ApiUnderTest;
  let worker: INestApplicationContext;
  let origin: string;
  let managerBrowser: TestBrowser;
  let leaderBrowser: TestBrowser;
  let leader: Page;
  /** What the pages of each browser here broke of the Content-Security-Policy (nothing, we expect). */
  const cspViolations: CspViolation[][] = [];

  beforeAll(async () => {
    api = await startApi();
    origin = new URL(api.baseUrl).origin;
    await seedLedger(api);
    worker = await startWorker(api, { SMTP_URL: 'smtp://127.0.0.1:9' });
    // Users as an administrator would add them; the browser signs in with their passwords.
    await api.signIn('manager', 'dingyuan');
    await api.signIn('leader');
    const ready = await http<{ projects: number }>('GET', `${api.baseUrl}/counties/dingyuan?minPosition=8`);
    expect(ready.status).toBe(200);
    [managerBrowser, leaderBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
    for (const browser of [managerBrowser, leaderBrowser]) cspViolations.push(await watchCspViolations(browser.context));
    leader = await leaderBrowser.newPage();
    managerBrowser.context.setDefaultTimeout(10_000);
    leaderBrowser.context.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await managerBrowser?.close();
    await leaderBrowser?.close();
    await worker?.close();
    await api?.close();
  });

  it('the leader signs in and sees the portfolio with its map, and 定远县 with one overdue project', async () => {
    await leader.goto(`${origin}/`);
    await leader.waitForURL((url) => url.pathname === '/login');
    await screenshot(leader, 'login');
    await signIn(leader, origin, 'leader');
    await expect(tile(leader, 'kpi-projects').textContent()).resolves.toBe('3');
    await leader.getByLabel('滁州市各县区完成率地图').waitFor();
    // ECharts draws with its SVG renderer: one path per county at least.
    await leader.locator('[aria-label="滁州市各县区完成率地图"] svg path').nth(7).waitFor();
    await screenshot(leader, 'overview-leader');

    await leader.goto(`${origin}/counties/dingyuan`);
    await expect(tile(leader, 'county-projects').textContent()).resolves.toBe('2');
    await expect(tile(leader, 'county-overdue').textContent()).resolves.toBe('1');
    await leader.getByRole('link', { name: SCHOOL_NAME }).waitFor();
    await screenshot(leader, 'county-leader');
  });

  it('the manager signs in, completes the overdue milestone on the project page and sees it there and in the audit trail', async () => {
    const page = await managerBrowser.newPage();
    await signIn(page, origin, 'manager-dingyuan');
    await page.getByRole('link', { name: '我的项目' }).click();
    await page.getByRole('link', { name: SCHOOL_NAME }).click();
    await page.waitForURL(`**/projects/${SCHOOL}**`);
    await screenshot(page, 'project-manager-before');

    await page.getByRole('group', { name: '开工的操作' }).getByRole('button', { name: '完成' }).click();
    const today = await page.getByLabel('完成日期').inputValue();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByLabel('备注').fill('主体工程开工');
    await screenshot(page, 'project-manager-form');
    await page.getByRole('button', { name: '保存' }).click();

    const groundbreaking = page.getByRole('table', { name: '项目节点' }).getByRole('row', { name: /^开工/ }).filter({ hasText: today });
    await groundbreaking.waitFor();
    const trail = page.getByRole('table', { name: /事件记录/ });
    await trail.getByRole('row').filter({ hasText: '主体工程开工' }).filter({ hasText: 'manager-dingyuan' }).waitFor();
    await screenshot(page, 'project-manager-after');

    const project = await http<{ milestones: Array<{ key: string; completedOn: string | null }> }>('GET', `${api.baseUrl}/projects/${SCHOOL}`);
    expect(project.body.milestones.find((m) => m.key === 'groundbreaking')?.completedOn).toBe(today);
  });

  it('the leader sees the county view change, and as of an earlier day the earlier figures', async () => {
    await leader.reload();
    await tile(leader, 'county-overdue').filter({ hasText: /^0$/ }).waitFor();
    expect(await tile(leader, 'county-projects').textContent()).toBe('2');

    await leader.getByLabel('截至日期').fill(BEFORE_CLINIC);
    await leader.getByTestId('history-banner').waitFor();
    expect(await leader.getByTestId('history-banner').textContent()).toContain(BEFORE_CLINIC);
    expect(new URL(leader.url()).searchParams.get('asOf')).toBe(BEFORE_CLINIC);
    await tile(leader, 'county-projects').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(leader, 'county-leader-as-of');

    await leader.getByRole('button', { name: '回到今天' }).click();
    await tile(leader, 'county-projects').filter({ hasText: /^2$/ }).waitFor();
  });

  it('the leader finds no write control anywhere', async () => {
    await leader.goto(`${origin}/projects/${SCHOOL}`);
    await leader.getByRole('heading', { name: '事件记录' }).waitFor();
    await leader.getByRole('table', { name: /事件记录/ }).getByRole('row').nth(1).waitFor();
    // All its milestones are done: a completed project is green (the API's RAG, by the read model's rules).
    await leader.locator('dd').filter({ hasText: '绿灯' }).waitFor();
    await screenshot(leader, 'project-leader');
    for (const name of ['开始', '完成', '调整计划', '暂停', '恢复', '保存']) {
      expect({ name, buttons: await leader.getByRole('button', { name, exact: true }).count() }).toEqual({ name, buttons: 0 });
    }
    expect(await leader.getByRole('link', { name: '我的项目' }).count()).toBe(0);
    await leader.goto(`${origin}/alerts`);
    await leader.getByRole('heading', { level: 1 }).waitFor();
    // Readers other than the system administrator see how many alerts went out, not to whom.
    await leader.getByTestId('alert-counts').waitFor();
    expect(await leader.getByRole('columnheader').allTextContents()).toEqual(['日期', '级别', '状态', '摘要数', '涉及节点数']);
    expect(await leader.locator('main').innerText()).not.toMatch(/@/);
    await screenshot(leader, 'alerts-leader');
  });

  it('exports the county’s projects to Excel, which opens with the same library', async () => {
    await leader.goto(`${origin}/counties/dingyuan`);
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByRole('link', { name: '导出 Excel' }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toContain('项目名称');
    const names: unknown[] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) names.push(row.getCell(header.indexOf('项目名称') + 1).value);
    });
    expect(names.sort()).toEqual([SCHOOL_NAME, '定远县炉桥镇卫生院'].sort());
  });

  it('shows the server’s refusal beside the field, and explains a concurrent edit with a reload', async () => {
    const page = await managerBrowser.newPage();
    await page.goto(`${origin}/projects/${CLINIC}`);
    await page.getByRole('group', { name: '立项批复的操作' }).getByRole('button', { name: '调整计划' }).click();
    await page.getByLabel('新的计划日期').fill('2027-06-30');
    await page.getByRole('button', { name: '保存' }).click();
    const reason = page.getByLabel('原因');
    await page.locator('[aria-invalid="true"][name="reason"]').waitFor();
    const errorId = await reason.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('原因');
    await screenshot(page, 'project-manager-field-error');

    // Someone else changes the project while the form is open.
    expect((await http('POST', `${api.baseUrl}/projects/${CLINIC}/milestones`, { key: 'design', dueDate: '2027-09-30' })).status).toBe(201);
    await reason.fill('用地手续延后');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').filter({ hasText: '该项目已被他人修改' }).waitFor();
    await screenshot(page, 'project-manager-conflict');
    await page.getByRole('button', { name: '重新加载' }).click();
    await page.getByRole('status').filter({ hasText: '已加载最新版本' }).waitFor();
    expect(await reason.inputValue()).toBe('用地手续延后');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('table', { name: '项目节点' }).getByRole('row', { name: /^立项批复/ }).filter({ hasText: '2027-06-30' }).waitFor();
    const events = await http<{ events: Array<{ type: string; metadata: { actor: string } }> }>('GET', `${api.baseUrl}/projects/${CLINIC}/events`);
    expect(events.body.events.map((e) => `${e.type} ${e.metadata.actor}`).slice(-2)).toEqual(['milestone.planned admin', 'milestone.rescheduled manager-dingyuan']);
  });

  it('an administrator adds a manager on 用户管理 and disables them, and sets the alert recipients on 预警接收人, with refusals beside the field', async () => {
    const adminBrowser = await launchBrowser();
    cspViolations.push(await watchCspViolations(adminBrowser.context));
    try {
      adminBrowser.context.setDefaultTimeout(10_000);
      const page = await adminBrowser.newPage();
      await signIn(page, origin, 'admin');
      await page.getByRole('link', { name: '用户管理' }).click();
      await page.getByRole('table', { name: '用户' }).getByRole('row', { name: /manager-dingyuan/ }).waitFor();

      // Every write the dashboard sends with the session cookie carries the session's CSRF token.
      const writes: Request[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/')) writes.push(request);
      });
      const me = await page.evaluate<{ csrfToken: string }>("fetch('/api/auth/me').then((r) => r.json())");

      await page.getByRole('button', { name: '新增用户' }).click();
      // 三员分立: the system administrator gives the business roles only (the administrators are the security administrator's).
      expect(await page.getByLabel('角色').locator('option').allTextContents()).toEqual(['领导', '项目负责人', '查阅人员']);
      await page.getByLabel('用户名').fill('zhou.min');
      await page.getByLabel('姓名').fill('周敏');
      await page.getByLabel('角色').selectOption({ label: '项目负责人' });
      await page.getByLabel('电子邮箱').fill('zhou.min@laian.example.gov.cn');
      const password = page.getByLabel('初始密码');
      await password.fill('Dingyuan2024!!');
      await page.getByRole('button', { name: '保存' }).click();
      const county = page.getByLabel('所属县区');
      await page.locator('[aria-invalid="true"]').waitFor();
      expect(await page.locator(`[id="${(await county.getAttribute('aria-describedby'))?.split(' ').pop()}"]`).textContent()).toContain('所属县区');
      expect({ problems: await accessibilityProblems(page) }).toEqual({ problems: [] });
      await screenshot(page, 'users-admin-field-error');

      // The password policy: a place name with digits is refused, with the API's reason in Chinese beside the field.
      await county.selectOption({ label: '来安县' });
      await page.getByRole('button', { name: '保存' }).click();
      await page.locator('[aria-invalid="true"][type="password"]').waitFor();
      const passwordError = page.locator(`[id="${(await password.getAttribute('aria-describedby'))?.split(' ').pop()}"]`);
      expect(await passwordError.textContent()).toContain('常见');
      await screenshot(page, 'users-admin-weak-password');
      await password.fill('Copper-Lantern-River-42');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('status').filter({ hasText: '已新增 zhou.min' }).waitFor();
      const row = page.getByRole('table', { name: '用户' }).getByRole('row', { name: /zhou\.min/ });
      expect(await row.textContent()).toMatch(/周敏.*项目负责人.*来安县.*zhou\.min@laian\.example\.gov\.cn.*正常/);

      await page.getByRole('group', { name: 'zhou.min的操作' }).getByRole('button', { name: '停用' }).click();
      await row.filter({ hasText: '已停用' }).waitFor();
      await screenshot(page, 'users-admin');
      const users = await http<Array<{ username: string; role: string; county: string; disabled: boolean }>>('GET', `${api.baseUrl}/users`);
      expect(users.body.find((u) => u.username === 'zhou.min')).toMatchObject({ role: 'manager', county: 'laian', disabled: true });
      const login = await http('POST', `${api.baseUrl}/auth/login`, { username: 'zhou.min', password: 'Copper-Lantern-River-42' }, { authorization: '' });
      expect(login.status).toBe(401);

      // The escalation's recipients, edited as a list on 预警接收人 (the worker put the configured ones there).
      const configured = await http<{ version: number; recipients: unknown[] }>('GET', `${api.baseUrl}/recipients`);
      const added = configured.body.recipients.length + 1;
      await page.getByRole('link', { name: '预警接收人' }).click();
      await page.getByRole('button', { name: '添加一行' }).click();
      await page.getByLabel(`第 ${added} 行县区`).selectOption({ label: '来安县' });
      const email = page.getByLabel(`第 ${added} 行邮箱`);
      await email.fill('not-an-email');
      await page.getByRole('button', { name: '保存' }).click();
      await page.locator('[aria-invalid="true"][type="email"]').waitFor();
      expect(await page.locator(`[id="${await email.getAttribute('aria-describedby')}"]`).textContent()).toContain('e-mail');
      await email.fill('deputy@laian.example.gov.cn');
      await page.getByRole('button', { name: '添加一行' }).click();
      await page.getByLabel(`第 ${added + 1} 行接收级别`).selectOption({ label: '市领导（逾期 30 天起）' });
      await page.getByLabel(`第 ${added + 1} 行邮箱`).fill('mayor-office@chuzhou.example.gov.cn');
      await page.getByLabel(`第 ${added + 1} 行姓名`).fill('市政府办公室');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('status').filter({ hasText: '已保存预警接收人' }).waitFor();
      expect({ problems: await accessibilityProblems(page) }).toEqual({ problems: [] });
      await screenshot(page, 'recipients-admin');
      const recipients = await http<{ version: number; updatedBy: string; recipients: unknown[] }>('GET', `${api.baseUrl}/recipients`);
      expect(recipients.body).toMatchObject({ version: configured.body.version + 1, updatedBy: 'admin' });
      expect(recipients.body.recipients).toHaveLength(added + 1);
      expect(recipients.body.recipients).toContainEqual({ role: 'county_lead', county: 'laian', email: 'deputy@laian.example.gov.cn' });
      expect(recipients.body.recipients).toContainEqual({ role: 'city_leadership', email: 'mayor-office@chuzhou.example.gov.cn', name: '市政府办公室' });
      expect(writes.length).toBeGreaterThanOrEqual(5);
      for (const write of writes) {
        const sent = { write: `${write.method()} ${new URL(write.url()).pathname}`, token: (await write.allHeaders())['x-csrf-token'] };
        expect(sent).toEqual({ write: sent.write, token: me.csrfToken });
      }
    } finally {
      await adminBrowser.close();
    }
    await leader.goto(`${origin}/`);
    await tile(leader, 'kpi-projects').waitFor();
    for (const name of ['用户管理', '预警接收人']) expect({ name, links: await leader.getByRole('link', { name }).count() }).toEqual({ name, links: 0 });
    expect(await leader.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toEqual(['总览', '预警记录', '我的账号']);
  });

  it('has no serious or critical accessibility problems (axe-core) on the sign-in, overview, county, project and alerts pages', async () => {
    const anonymous = await managerBrowser.context.browser()?.newContext();
    const pages: [Page, string][] = [
      [leader, '/'],
      [leader, '/counties/dingyuan'],
      [leader, `/projects/${SCHOOL}`],
      [leader, '/alerts'],
    ];
    for (const [page, path] of pages) {
      await page.goto(`${origin}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, problems: await accessibilityProblems(page) }).toEqual({ path, problems: [] });
    }
    const login = await (anonymous ?? managerBrowser.context).newPage();
    await login.goto(`${origin}/login`);
    await login.getByLabel('用户名').waitFor();
    expect({ path: '/login', problems: await accessibilityProblems(login) }).toEqual({ path: '/login', problems: [] });
  });

  it('works on a phone-sized screen', async () => {
    const phone = await managerBrowser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${origin}/projects/${SCHOOL}`);
    await phone.getByRole('heading', { name: '事件记录' }).waitFor();
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'project-manager-phone');
  });

  it('breaks no rule of the Content-Security-Policy (no inline style) on any page visited', () => {
    expect(cspViolations.flat()).toEqual([]);
  });
});
