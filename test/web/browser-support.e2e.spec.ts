import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, screenshot, SCREENSHOT_DIR, type TestBrowser } from '../support/browser.js';

const SCREENSHOT_PATH = join(SCREENSHOT_DIR, 'browser-support.png');

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>台账</title></head>
<body style="margin:0;font-family:'Noto Sans CJK SC',sans-serif">
<h1 id="title">滁州市“十四五”公共服务项目台账</h1>
<div style="height:1600px;background:linear-gradient(#fff,#c62828)">来安县 · 红灯</div>
</body></html>`;

describe('browser test support', () => {
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('launches Chromium, renders Chinese text from a data: URL and saves a full-page screenshot', async () => {
    const page = await browser.newPage();
    await page.goto(`data:text/html;charset=utf-8,${encodeURIComponent(PAGE)}`);
    expect(await page.title()).toBe('台账');
    expect(await page.locator('#title').textContent()).toBe('滁州市“十四五”公共服务项目台账');

    await rm(SCREENSHOT_PATH, { force: true });
    expect(await screenshot(page, 'browser-support')).toBe(SCREENSHOT_PATH);
    const png = await readFile(SCREENSHOT_PATH);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Full page: as tall as the 1600 px block below the heading (IHDR holds width and height).
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1600);
  });
});
