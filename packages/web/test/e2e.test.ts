/**
 * The web app in a real browser against the real server (one file, so that the app is built once per run).
 *
 * The self-assessment wizard: an ad-supported content app of a
 * company in Zhejiang ends at the ICP licence (B25) from the Zhejiang Communications Administration with its
 * explanation open; the address restores the answers; the same run in English; a what-if; the exports.
 * Screenshots of every step at 1280 and 390 px wide go to test/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { createOwner } from '@icpdesk/store';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, type Harness, startHarness } from './browser.ts';

const TIMEOUT = 180_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  console.log(
    `wizard initial JavaScript: ${(h.budget.gzipped / 1024).toFixed(1)} KB gzipped (budget ${(h.budget.budget / 1024).toFixed(0)} KB)`,
  );
}, TIMEOUT);
afterAll(async () => {
  await h?.close();
});

const words = {
  zh: {
    search: '广告',
    next: '下一步',
    company: '公司（企业法人）',
    province: '浙江',
    no: '否',
    one: '一个省（自治区、直辖市）',
    mainland: '中国大陆（含国内云服务）',
    result: '查看评估结果',
    why: '查看依据',
    authority: '浙江省通信管理局',
    other: '江苏',
    otherAuthority: '江苏省通信管理局',
    compare: '比较',
  },
  en: {
    search: 'advert',
    next: 'Next',
    company: 'A company',
    province: 'Zhejiang',
    no: 'No',
    one: 'One province',
    mainland: 'Mainland China (incl. Chinese clouds)',
    result: 'See the result',
    why: 'Why',
    authority: 'Zhejiang Communications Administration',
    other: 'Jiangsu',
    otherAuthority: 'Jiangsu Communications Administration',
    compare: 'Compare',
  },
};
type Words = (typeof words)['zh'];

async function pick(page: Page, selector: string, text: string) {
  await page.locator(selector).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** answers every step; returns the address of each step, for the screenshots at another width */
async function runWizard(page: Page, w: Words, shot: (name: string) => Promise<void>): Promise<string[]> {
  const steps: string[] = [];
  const next = async (name: string) => {
    await shot(name);
    steps.push(page.url());
    await page.getByRole('button', { name: w.next, exact: true }).click();
  };
  await page.getByRole('searchbox').fill(w.search);
  // the answers live in the URL, which React Router updates in a transition: wait for the box to show it
  const ads = page.locator('[data-activity=online-advertising]');
  await ads.click();
  await expect.poll(() => ads.isChecked()).toBe(true);
  await next('1-activities');
  await page.getByText(w.company, { exact: true }).click();
  await pick(page, '#entity-province', w.province);
  await page.locator('#entity-capital').fill('100');
  await page.locator('#entity-foreign').getByText(w.no, { exact: true }).click();
  await next('2-entity');
  await page.getByText(w.one, { exact: true }).click();
  await page.getByText('App', { exact: true }).click();
  await page.getByText(w.mainland, { exact: true }).click();
  await next('3-service');
  const credit = page.locator('[data-question="entity.onCreditBlacklist"]');
  await credit.getByText(w.no, { exact: true }).click();
  await shot('4-questions');
  steps.push(page.url());
  await page.getByRole('button', { name: w.result }).click();
  const b25 = page.getByTestId('licence-B25');
  await b25.waitFor();
  await b25.getByText(w.why).click();
  await b25.locator('.explanation').waitFor();
  await shot('5-result');
  steps.push(page.url());
  return steps;
}

async function expectB25FromZhejiang(page: Page, w: Words) {
  const b25 = page.getByTestId('licence-B25');
  await b25.waitFor();
  await expect.poll(() => b25.getByTestId('licence-authority').textContent()).toContain(w.authority);
}

describe.skipIf(!browserAvailable)('the self-assessment wizard in Chromium', () => {
  let resultUrl = '';
  let stepUrls: string[] = [];

  it(
    'in Chinese: an ad-supported app in Zhejiang needs B25 from the Zhejiang administration, explained',
    async () => {
      const page = await h.newPage(1280);
      const started = Date.now();
      await page.goto(`${h.url}/`);
      await page.getByRole('searchbox').waitFor();
      const interactive = Date.now() - started;
      const paint = await page.evaluate(() => Math.round(performance.now()));
      console.log(`wizard time to interactive: ${interactive} ms (page clock ${paint} ms)`);
      await expectAccessible(page, 'wizard');
      expect(page.url()).toMatch(/\/assess$/);
      stepUrls = await runWizard(page, words.zh, (n) => h.shot(page, `zh-1280-${n}`));
      resultUrl = page.url();
      await expectB25FromZhejiang(page, words.zh);
      const why = page.getByTestId('licence-B25').locator('.explanation');
      await expect.poll(() => why.textContent()).toContain('ads-b25');
      await expectAccessible(page, 'wizard result');
      expect(await why.textContent()).toContain('service.activities');
      const link = why.locator('.sources a').first();
      expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
      expect(await page.getByTestId('headline').textContent()).toContain('B25');
      // eligibility values in words, not the engine's codes
      const eligibility = await page.getByTestId('section-eligibility').textContent();
      expect(eligibility).toContain(words.zh.company);
      expect(eligibility).not.toMatch(/\bcompany\b|not listed/);
      // numbers with their units: the foreign-share cap in percent, the capital in yuan
      expect(eligibility).toMatch(/\d%/);
      expect(eligibility).toMatch(/\d 元/);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'the address restores every answer, also at 390 px wide',
    async () => {
      expect(resultUrl).toContain('step=result');
      const page = await h.newPage(390);
      await page.goto(resultUrl);
      await expectB25FromZhejiang(page, words.zh);
      const names = ['1-activities', '2-entity', '3-service', '4-questions'];
      for (const [i, url] of stepUrls.slice(0, 4).entries()) {
        await page.goto(url);
        await page.locator('.wizard-card').waitFor();
        if (i === 1) {
          await expect.poll(() => page.locator('.wizard-form').textContent()).toContain('浙江省');
          expect(await page.locator('#entity-capital').inputValue()).toBe('100');
        }
        if (i === 3) await page.locator('[data-question="entity.onCreditBlacklist"]').waitFor();
        await h.shot(page, `zh-390-${names[i] ?? i}`);
      }
      await page.goto(resultUrl);
      await page.getByTestId('licence-B25').getByText(words.zh.why).click();
      await h.shot(page, 'zh-390-5-result');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'what if the business were in Jiangsu: the authority changes; the exports carry the result',
    async () => {
      const page = await h.newPage(1280);
      await page.goto(resultUrl);
      await expectB25FromZhejiang(page, words.zh);
      await pick(page, '#wi-province', words.zh.other);
      await page.getByRole('button', { name: words.zh.compare }).click();
      const diff = page.getByTestId('what-if-result');
      await diff.waitFor();
      expect(await diff.textContent()).toContain(words.zh.otherAuthority);
      await h.shot(page, 'zh-1280-6-what-if');

      const md = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 Markdown' }).click();
      const mdText = readFileSync((await (await md).path())!, 'utf8');
      expect(mdText).toContain('**B25**');
      expect(mdText).toContain(words.zh.authority);
      const json = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 JSON' }).click();
      const exported = JSON.parse(readFileSync((await (await json).path())!, 'utf8'));
      expect(exported.profile.service.activities).toEqual(['online-advertising']);
      expect(exported.result.licences[0].code).toBe('B25');
      // asked in the page's language: its texts in Chinese only
      expect(exported.result.lang).toBe('zh');
      expect(exported.result.licences[0].name.en).toBeUndefined();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'in English, switched from the header',
    async () => {
      const page = await h.newPage(1280);
      await page.goto(`${h.url}/assess`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Which licences does my business need?' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await runWizard(page, words.en, (n) => h.shot(page, `en-1280-${n}`));
      await expectB25FromZhejiang(page, words.en);
      expect(await page.getByTestId('headline').textContent()).toMatch(/licence is required/);
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'en-390-5-result');
      // switching the language asks again: the result in Chinese
      const again = page.waitForResponse(
        (r) => r.url().includes('/api/v1/assess?') && r.url().includes('lang=zh'),
      );
      await page.getByRole('button', { name: '中文' }).click();
      await again;
      await page
        .getByTestId('headline')
        .filter({ hasText: /[\u4e00-\u9fff]/ })
        .waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page
        .getByTestId('headline')
        .filter({ hasText: /licence is required/ })
        .waitFor();
      // the choice is remembered
      await page.goto(`${h.url}/assess`);
      await page.getByRole('heading', { name: 'Which licences does my business need?' }).waitFor();
      await page.getByRole('button', { name: '中文' }).click();
      await page.close();
    },
    TIMEOUT,
  );
});

describe.skipIf(!browserAvailable)('signing in and joining by invitation in Chromium', () => {
  const owner = {
    email: 'owner@example.cn',
    password: 'owner-password-1234',
    organisation: '示例咨询有限公司',
  };

  it(
    'the owner made by `icpdesk admin create` signs in, invites a consultant, signs out; the link makes the account',
    async () => {
      await createOwner(h.db, owner);
      const page = await h.newPage(1280);
      await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
      await page.goto(`${h.url}/companies`);
      await page.waitForURL(/\/sign-in\?next=%2Fcompanies$/);
      expect(await page.locator('.first-run').textContent()).toContain('icpdesk admin create');
      await h.shot(page, 'zh-1280-sign-in');
      await page.getByLabel('电子邮箱').fill(owner.email);
      await page.getByLabel('密码').fill('wrong-password-1234');
      await page.getByRole('button', { name: '登录' }).click();
      // the refusal in words, in place (the first-run note is an alert too, but not an error)
      await page.locator('.ant-alert-error').waitFor();
      await page.getByLabel('密码').fill(owner.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/companies$/);
      await expect.poll(() => page.getByTestId('welcome').textContent()).toContain(owner.organisation);
      await page.getByText('还没有公司。').waitFor();
      await h.shot(page, 'zh-1280-companies');

      // the invitation, made through the API with the browser's session (as the settings page will)
      const me = await (await h.context.request.get(`${h.url}/api/v1/me`)).json();
      const made = await h.context.request.post(`${h.url}/api/v1/invitations`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { email: 'consultant@example.cn', role: 'consultant' },
      });
      expect(made.status()).toBe(201);
      const { path } = await made.json();
      expect(path).toMatch(/^\/invite\//);

      await page.getByRole('button', { name: '退出' }).click();
      await page.waitForURL(/\/sign-in\?next=%2Fcompanies$/);
      await page.goto(`${h.url}${path}`);
      await page.getByRole('heading', { name: `加入 ${owner.organisation}` }).waitFor();
      expect(await page.locator('.narrow-card').textContent()).toContain('顾问');
      await h.shot(page, 'zh-1280-invite');
      await page.getByLabel('姓名').fill('王顾问');
      await page.getByLabel('密码').fill('consultant-password-1234');
      await page.getByRole('button', { name: '接受邀请' }).click();
      await page.waitForURL(/\/companies$/);
      await expect.poll(() => page.getByTestId('welcome').textContent()).toContain('王顾问');
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'zh-390-companies');
      // a used link says so
      await page.goto(`${h.url}${path}`);
      await page.locator('.ant-alert-error').waitFor();
      await page.close();
    },
    TIMEOUT,
  );
});

describe.skipIf(!browserAvailable)('the browser console', () => {
  it('held no errors or warnings but the refusals the tests provoked', () => {
    const provoked = [
      // a wrong password (401), the used invitation link (410 or 409), who-is-signed-in while signed out
      /Failed to load resource: the server responded with a status of (401|409|410)/,
    ];
    expect(h.errors.filter((e) => !provoked.some((p) => p.test(e)))).toEqual([]);
  });
});
