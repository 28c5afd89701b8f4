import type { INestApplicationContext } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { newTotpSecret, totpCode } from '#libs/access';
import type { ProjectCommand } from '#libs/portfolio';
import { http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { recordOn } from '../support/backdated-ledger.js';
import { accessibilityProblems, launchBrowser, screenshot, watchCspViolations, type CspViolation, type TestBrowser } from '../support/browser.js';
import { startWorker } from '../support/worker-under-test.js';

const SCHOOL = 'dingyuan-school';
const MANAGER_EMAIL = 'zhang.wei@dingyuan.example.gov.cn';
const STRONG_PASSWORD = 'Copper-Lantern-River-42';
/** A place name with digits: long enough, and refused as common. */
const COMMON_PASSWORD = 'Dingyuan2024!!';

const register = (projectId: string, name: string, county: string, managerEmail: string): ProjectCommand => ({
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
  managerEmail,
});

/** Five events: a school in 定远县 (its groundbreaking overdue) and a hall in 来安县. */
async function seedLedger(api: ApiUnderTest): Promise<void> {
  const pool = api.db.pool;
  await recordOn(pool, '2026-10-01', SCHOOL, register(SCHOOL, '定远县第九实验小学', 'dingyuan', MANAGER_EMAIL));
  await recordOn(pool, '2026-10-01', SCHOOL, { type: 'planMilestone', key: 'approval', dueDate: '2026-06-30' });
  await recordOn(pool, '2026-10-01', SCHOOL, { type: 'planMilestone', key: 'groundbreaking', dueDate: '2026-11-01' });
  await recordOn(pool, '2026-10-05', SCHOOL, { type: 'completeMilestone', key: 'approval', completedOn: '2026-06-20' });
  await recordOn(pool, '2026-10-01', 'laian-hall', register('laian-hall', '来安县文化馆', 'laian', 'hall@laian.example.gov.cn'));
}

/** Alert digests as the overdue scan writes them (their recipients are what only the system administrator may see). */
async function seedDigests(api: ApiUnderTest): Promise<void> {
  await api.db.pool.query(
    `INSERT INTO alert_digests (recipient, level, day, items, item_count, status) VALUES
       ($1, 'L1', '2026-11-02', '[]', 1, 'sent'), ('lead@dingyuan.example.gov.cn', 'L2', '2026-11-08', '[]', 1, 'sent'),
       ($1, 'L1', '2026-11-08', '[]', 1, 'failed')`,
    [MANAGER_EMAIL],
  );
}

async function signInWithPassword(page: Page, origin: string, username: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The text of the field's message (the last id its aria-describedby names). */
async function fieldMessage(page: Page, field: Locator): Promise<string | null> {
  await page.locator('[aria-invalid="true"]').first().waitFor();
  const described = (await field.getAttribute('aria-describedby'))?.split(' ').pop();
  return page.locator(`[id="${described}"]`).textContent();
}

const navLinks = (page: Page) => page.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Hovers a chart where its data are, until ECharts draws its tooltip (more text in the chart's SVG than before). */
async function hoverChart(page: Page, label: string, at: { x: number; y: number }): Promise<void> {
  const chart = page.getByLabel(label);
  await chart.locator('svg').waitFor();
  const texts = chart.locator('svg text');
  const before = await texts.count();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (!box) throw new Error(`${label}: not on the screen`);
  for (let attempt = 0; attempt < 5 && (await texts.count()) <= before; attempt++) {
    await page.mouse.move(box.x + box.width * at.x - 6 + attempt * 3, box.y + box.height * at.y);
    await page.mouse.move(box.x + box.width * at.x + attempt * 3, box.y + box.height * at.y, { steps: 4 });
    await page.waitForTimeout(300);
  }
  expect({ label, tooltip: (await texts.count()) > before }).toEqual({ label, tooltip: true });
}

describe('等保 sign-in in the dashboard: second factor, forced password change, 安全管理, 审计日志, personal data, CSP', () => {
  let api: ApiUnderTest;
  let worker: INestApplicationContext;
  let origin: string;
  const browsers: TestBrowser[] = [];
  const cspViolations: CspViolation[][] = [];
  const auditorSecret = newTotpSecret();
  let securitySecret = '';
  let recoveryCodes: string[] = [];

  const browser = async (): Promise<Page> => {
    const launched = await launchBrowser();
    launched.context.setDefaultTimeout(10_000);
    browsers.push(launched);
    cspViolations.push(await watchCspViolations(launched.context));
    return launched.newPage();
  };

  let viewer: Page;
  let security: Page;
  let auditor: Page;

  beforeAll(async () => {
    api = await startApi({ environment: { AUTH_TOTP_REQUIRED_ROLES: 'admin,security_admin,auditor' } });
    origin = new URL(api.baseUrl).origin;
    await seedLedger(api);
    await seedDigests(api);
    worker = await startWorker(api, { SMTP_URL: 'smtp://127.0.0.1:9' });
    await api.seedUser({ username: 'sec.chen', role: 'security_admin', displayName: '陈静', mustChangePassword: true });
    await api.seedUser({ username: 'audit.li', role: 'auditor', displayName: '李明', totpSecret: auditorSecret });
    await api.seedUser({ username: 'audit.sun', role: 'auditor', displayName: '孙丽', totpSecret: newTotpSecret() });
    await api.seedUser({ username: 'viewer.wang', role: 'viewer', displayName: '王芳', email: 'wang.fang@chuzhou.example.gov.cn' });
    await api.seedUser({ username: 'leader.zhao', role: 'leader', displayName: '赵强' });
    expect((await http('GET', `${api.baseUrl}/counties/dingyuan?minPosition=5`)).status).toBe(200);
    [viewer, security, auditor] = [await browser(), await browser(), await browser()];
  }, 60_000);

  afterAll(async () => {
    for (const launched of browsers) await launched.close();
    await worker?.close();
    await api?.close();
  });

  it('the sign-in page says what personal information is kept and why, and passes axe', async () => {
    await security.goto(`${origin}/login`);
    const notice = security.getByRole('region', { name: '个人信息保护告知' });
    await notice.getByRole('heading', { name: '个人信息保护告知' }).waitFor({ state: 'visible' });
    const text = await notice.innerText();
    for (const part of ['用户名、姓名、电子邮箱、角色与所属县区、登录时间、来源IP地址与浏览器信息、操作记录', '身份鉴别、权限控制、逾期提醒送达、依法进行安全审计', '至少保存 180 天', '系统管理员和您本人', '我的账号', '滁州市发展和改革委员会', '信息化管理员']) {
      expect({ part, shown: text.includes(part) }).toEqual({ part, shown: true });
    }
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'login-privacy-notice');
    await security.setViewportSize({ width: 360, height: 740 });
    expect(await security.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await screenshot(security, 'login-privacy-notice-phone');
    await security.setViewportSize({ width: 1280, height: 800 });

    // The watcher sees what the policy refuses: a style attribute put into the page as HTML.
    const watched = cspViolations[1];
    await security.evaluate(`document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>')`);
    await until(() => watched.length > 0, 'the style attribute to be refused');
    expect(watched[0]).toMatchObject({ directive: 'style-src-attr' });
    watched.splice(0);
  });

  it('a viewer reads the portfolio (chart tooltips too), sees e-mail addresses masked and alerts as counts, and corrects their own details', async () => {
    await signInWithPassword(viewer, origin, 'viewer.wang', TEST_PASSWORD);
    await viewer.getByTestId('kpi-projects').filter({ hasText: /^2$/ }).waitFor();
    expect(await navLinks(viewer)).toEqual(['总览', '预警记录', '我的账号']);
    await viewer.locator('[aria-label="滁州市各县区完成率地图"] svg path').nth(7).waitFor();
    await hoverChart(viewer, '滁州市各县区完成率地图', { x: 0.6, y: 0.45 });
    await hoverChart(viewer, '各县区项目完成率、节点完成率与序时进度柱状图', { x: 0.5, y: 0.6 });
    await hoverChart(viewer, '分类别项目状态堆叠条形图', { x: 0.3, y: 0.5 });
    await hoverChart(viewer, '全市项目完成率、节点完成率、序时进度与逾期项目数随时间变化', { x: 0.7, y: 0.5 });
    await screenshot(viewer, 'overview-viewer-tooltip');

    await viewer.goto(`${origin}/counties/dingyuan`);
    await viewer.getByTestId('county-projects').filter({ hasText: /^1$/ }).waitFor();
    await hoverChart(viewer, '定远县分类别项目完成率与序时进度', { x: 0.5, y: 0.6 });

    await viewer.goto(`${origin}/projects/${SCHOOL}`);
    await viewer.getByRole('table', { name: /事件记录/ }).getByRole('row').nth(1).waitFor();
    const manager = viewer.locator('.facts div').filter({ has: viewer.locator('dt', { hasText: '负责人' }) }).locator('dd');
    expect(await manager.textContent()).toBe('zh***@dingyuan.example.gov.cn');
    expect(await viewer.locator('body').innerText()).not.toContain(MANAGER_EMAIL);
    await screenshot(viewer, 'project-viewer-masked');

    await viewer.getByRole('link', { name: '预警记录' }).click();
    const counts = viewer.getByTestId('alert-counts');
    await counts.getByRole('row').filter({ hasText: '2026-11-08' }).first().waitFor();
    expect(await counts.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/日期\s+级别\s+状态\s+摘要数\s+涉及节点数/),
      expect.stringMatching(/2026-11-08\s+县区督办\s+已发送\s+1\s+1/),
      expect.stringMatching(/2026-11-08\s+项目负责人\s+失败\s+1\s+1/),
      expect.stringMatching(/2026-11-02\s+项目负责人\s+已发送\s+1\s+1/),
    ]);
    expect(await viewer.locator('body').innerText()).not.toMatch(/@/);
    await screenshot(viewer, 'alerts-viewer-counts');

    await viewer.getByRole('link', { name: '我的账号' }).click();
    await viewer.getByRole('heading', { name: '我的账号', level: 1 }).waitFor();
    expect(await viewer.getByLabel('电子邮箱').inputValue()).toBe('wang.fang@chuzhou.example.gov.cn');
    await viewer.getByLabel('姓名').fill('王芳芳');
    await viewer.getByRole('button', { name: '保存个人信息' }).click();
    await viewer.getByRole('status').filter({ hasText: '已保存个人信息' }).waitFor();
    await viewer.getByTestId('current-user').filter({ hasText: '王芳芳' }).waitFor();
    expect(await viewer.getByTestId('current-user').textContent()).toContain('查阅人员');
    expect({ problems: await accessibilityProblems(viewer) }).toEqual({ problems: [] });
    await screenshot(viewer, 'account-viewer');
  });

  it('a new security administrator must first change the password (a weak one refused beside the field), then bind a second factor, and lands on 安全管理', async () => {
    await signInWithPassword(security, origin, 'sec.chen', TEST_PASSWORD);
    await security.waitForURL('**/account/password');
    expect(await navLinks(security)).toEqual([]);
    await security.goto(`${origin}/security`);
    await security.waitForURL('**/account/password');

    await security.getByLabel('当前密码').fill(TEST_PASSWORD);
    const newPassword = security.getByLabel('新密码', { exact: true });
    await newPassword.fill(COMMON_PASSWORD);
    await security.getByLabel('确认新密码').fill(COMMON_PASSWORD);
    await security.getByRole('button', { name: '设置新密码' }).click();
    expect(await fieldMessage(security, newPassword)).toContain('常见');
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'password-change-refused');

    await newPassword.fill(STRONG_PASSWORD);
    await security.getByLabel('确认新密码').fill(STRONG_PASSWORD);
    await security.getByRole('button', { name: '设置新密码' }).click();
    await security.waitForURL('**/account/totp');
    await security.getByRole('heading', { name: '绑定动态口令', level: 1 }).waitFor();
    const secret = security.getByTestId('totp-secret');
    securitySecret = ((await secret.textContent()) ?? '').replace(/\s/g, '');
    expect(securitySecret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await secret.textContent()).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(await security.getByRole('img', { name: /动态口令二维码/ }).getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'totp-enrolment');

    await security.getByLabel('动态口令').fill(await totpCode(securitySecret, new Date()));
    await security.getByRole('button', { name: '确认绑定' }).click();
    const codes = security.getByTestId('recovery-codes').getByRole('listitem');
    await codes.first().waitFor();
    recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'totp-recovery-codes');

    await security.getByRole('button', { name: '我已妥善保存' }).click();
    await security.waitForURL('**/security');
    await security.getByRole('heading', { name: '安全管理', level: 1 }).waitFor();
    expect(await navLinks(security)).toEqual(['安全管理', '我的账号']);
    expect(await security.getByTestId('current-user').textContent()).toContain('安全管理员');
    await security.goto(`${origin}/`);
    await security.waitForURL('**/security');
  });

  it('安全管理: unlocks a locked account, adds an auditor under the password policy, resets a lost second factor, ends a viewer’s session', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await http('POST', `${api.baseUrl}/auth/login`, { username: 'leader.zhao', password: 'not-the-password' }, { authorization: '' })).status).toBe(401);
    }
    await security.reload();
    const locks = security.getByRole('table', { name: '锁定账号' });
    const locked = locks.getByRole('row').filter({ hasText: 'leader.zhao' });
    await locked.waitFor();
    expect(await locked.innerText()).toMatch(/赵强\s+领导\s+5/);
    await screenshot(security, 'security-locked-account');
    await locked.getByRole('button', { name: '解除锁定' }).click();
    await security.getByRole('status').filter({ hasText: '已解除 leader.zhao 的锁定' }).waitFor();
    await locks.getByRole('row').filter({ hasText: 'leader.zhao' }).waitFor({ state: 'detached' });
    expect((await http('POST', `${api.baseUrl}/auth/login`, { username: 'leader.zhao', password: TEST_PASSWORD }, { authorization: '' })).status).toBe(200);

    const policy = await security.getByTestId('security-policy').innerText();
    expect(policy).toContain('至少 12 个字符');
    expect(policy).toContain('系统管理员、安全管理员、审计管理员必须使用');

    // The security administrator keeps the administrator accounts (三员分立).
    await security.getByRole('button', { name: '新增用户' }).click();
    const form = security.getByRole('region', { name: '新增用户' });
    expect(await form.getByLabel('角色').locator('option').allTextContents()).toEqual(['系统管理员', '安全管理员', '审计管理员']);
    await form.getByLabel('用户名').fill('audit.zhou');
    await form.getByLabel('姓名').fill('周洁');
    await form.getByLabel('角色').selectOption({ label: '审计管理员' });
    const password = form.getByLabel('初始密码');
    await password.fill(COMMON_PASSWORD);
    await form.getByRole('button', { name: '保存' }).click();
    expect(await fieldMessage(security, password)).toContain('常见');
    await password.fill('Harbor-Violet-Kettle-58');
    await form.getByRole('button', { name: '保存' }).click();
    await security.getByRole('status').filter({ hasText: '已新增 audit.zhou' }).waitFor();
    const users = security.getByRole('table', { name: '用户' });
    expect(await users.getByRole('row').filter({ hasText: 'audit.zhou' }).innerText()).toMatch(/周洁\s+审计管理员.*未绑定\s+正常.*须修改密码/s);

    await users.getByRole('group', { name: 'audit.sun的操作' }).getByRole('button', { name: '重置动态口令' }).click();
    await security.getByRole('status').filter({ hasText: '已重置 audit.sun 的动态口令' }).waitFor();
    await users.getByRole('row').filter({ hasText: 'audit.sun' }).filter({ hasText: '未绑定' }).waitFor();

    const sessions = security.getByRole('table', { name: '在线会话' });
    const viewerSession = sessions.getByRole('row').filter({ hasText: 'viewer.wang' });
    expect(await viewerSession.innerText()).toMatch(/viewer\.wang\s+王芳芳\s+查阅人员\s+正常.*127\.0\.0\.1\s+Chrome · Linux/s);
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'security');
    await sessions.getByRole('group', { name: 'viewer.wang的会话操作' }).getByRole('button', { name: '结束会话' }).click();
    await security.getByRole('status').filter({ hasText: '已结束 viewer.wang 的一个会话' }).waitFor();

    // The viewer's next request is refused: back to the sign-in page, told why.
    await viewer.getByRole('link', { name: '预警记录' }).click();
    await viewer.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/alerts');
    await viewer.getByRole('status').filter({ hasText: '会话已结束，请重新登录' }).waitFor();
    await screenshot(viewer, 'login-session-ended');
  });

  it('signs in with a recovery code once (the same code is refused the second time), and with the authenticator’s next code', async () => {
    await security.getByRole('button', { name: '退出' }).click();
    await security.waitForURL('**/login');
    await signInWithPassword(security, origin, 'sec.chen', STRONG_PASSWORD);
    const code = security.getByLabel('动态口令');
    await code.waitFor();
    expect({ inputmode: await code.getAttribute('inputmode'), autocomplete: await code.getAttribute('autocomplete') }).toEqual({ inputmode: 'numeric', autocomplete: 'one-time-code' });
    expect({ problems: await accessibilityProblems(security) }).toEqual({ problems: [] });
    await screenshot(security, 'login-second-factor');
    await security.getByRole('button', { name: '使用恢复码' }).click();
    await security.getByLabel('恢复码').fill(recoveryCodes[0]);
    await security.getByRole('button', { name: '登录' }).click();
    await security.waitForURL('**/security');

    await security.getByRole('button', { name: '退出' }).click();
    await security.waitForURL('**/login');
    await signInWithPassword(security, origin, 'sec.chen', STRONG_PASSWORD);
    await security.getByRole('button', { name: '使用恢复码' }).click();
    const recovery = security.getByLabel('恢复码');
    await recovery.fill(recoveryCodes[0]);
    await security.getByRole('button', { name: '登录' }).click();
    expect(await fieldMessage(security, recovery)).toContain('已经用过');
    await screenshot(security, 'login-recovery-code-refused');

    // A code signs in once per 30-second step: the enrolment used this step's, so the next one (accepted a step early).
    await security.getByRole('button', { name: '使用动态口令' }).click();
    await security.getByLabel('动态口令').fill(await totpCode(securitySecret, new Date(Date.now() + 30_000)));
    await security.getByRole('button', { name: '登录' }).click();
    await security.waitForURL('**/security');
  });

  it('the auditor signs in with a code, finds the sign-ins in 审计日志 with their source address, and exports them', async () => {
    await signInWithPassword(auditor, origin, 'audit.li', TEST_PASSWORD);
    await auditor.getByLabel('动态口令').fill(await totpCode(auditorSecret, new Date()));
    await auditor.getByRole('button', { name: '登录' }).click();
    await auditor.waitForURL('**/audit');
    expect(await navLinks(auditor)).toEqual(['审计日志', '我的账号']);

    await auditor.getByRole('table', { name: '审计记录' }).waitFor();
    await Promise.all([
      auditor.waitForResponse((response) => new URL(response.url()).pathname === '/api/audit' && new URL(response.url()).searchParams.get('action') === 'auth.sign-in'),
      auditor.getByLabel('操作', { exact: true }).selectOption({ label: '登录' }),
    ]);
    expect(new URL(auditor.url()).searchParams.get('action')).toBe('auth.sign-in');
    await auditor.locator('[aria-busy="false"]').waitFor();
    const rows = auditor.getByRole('table', { name: '审计记录' }).getByRole('row');
    await rows.filter({ hasText: 'audit.li' }).first().waitFor();
    const signIns = await rows.allInnerTexts();
    expect(signIns.slice(1).every((row) => row.includes('登录'))).toBe(true);
    expect(signIns.filter((row) => /sec\.chen\s+安全管理员\s+127\.0\.0\.1\s+登录\s+用户 sec\.chen\s+成功/.test(row)).length).toBeGreaterThanOrEqual(3);
    expect(signIns.some((row) => /viewer\.wang\s+查阅人员\s+127\.0\.0\.1\s+登录/.test(row))).toBe(true);
    expect({ problems: await accessibilityProblems(auditor) }).toEqual({ problems: [] });
    await screenshot(auditor, 'audit');

    const csv = auditor.getByRole('link', { name: '导出 CSV' });
    expect(new URL((await csv.getAttribute('href')) ?? '', origin).searchParams.toString()).toBe('format=csv&action=auth.sign-in');
    const [download] = await Promise.all([auditor.waitForEvent('download'), csv.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).toContain('sec.chen');
    expect(text).toContain('127.0.0.1');
    expect(text).not.toContain('查阅审计日志');

    // The auditor reads no business data: the pages are not offered, nor asked of the API.
    await auditor.goto(`${origin}/counties/dingyuan`);
    await auditor.getByRole('heading', { name: '无权访问' }).waitFor();
    await auditor.getByRole('link', { name: '我的账号' }).click();
    await auditor.getByRole('heading', { name: '我的账号', level: 1 }).waitFor();
    expect(await auditor.getByTestId('totp-status').textContent()).toContain('已绑定');
    expect({ problems: await accessibilityProblems(auditor) }).toEqual({ problems: [] });
  });

  it('breaks no rule of the Content-Security-Policy (no inline style) on any page visited, chart tooltips included', () => {
    expect(cspViolations.flat()).toEqual([]);
  });
});
