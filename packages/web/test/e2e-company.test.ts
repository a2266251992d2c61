/**
 * The companies area in a real browser against the real server: sign in; create a company through the
 * form (an invalid credit code refused on its field first); its page and every tab; the business profile
 * through the wizard's steps; an assessment run, opened with its explanation, and two compared; a domain
 * added to the register (an invalid one refused on its field first), an ICP filing and a company event (a
 * rename with the day it took effect) whose obligation the obligations tab shows counted from that day; a
 * change's impact, and a planned rename recorded from it as a company event; then the import:
 * a CSV with errors is reported row by row and imports nothing, a correct one imports. Screenshots at 1280
 * and 390 px go to test/screenshots/company-*.png.
 */
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import { createOwner } from '@icpdesk/store';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, type Harness, startHarness } from './browser.ts';
import { fillAdsProfile } from './profile-editor.ts';

const TIMEOUT = 240_000;
const owner = {
  email: 'owner@example.cn',
  password: 'owner-password-1234',
  organisation: '示例咨询有限公司',
};
const TABS = ['概况', '评估', '申请', '许可证', '备案与资源', '文档', '合规义务', '变更影响', '历史'];

/** a valid 统一社会信用代码 (GB 32100) from a division code and an 8-character organisation code body */
function uscc(division: string, org8: string): string {
  const first17 = `91${division}${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

const accessible = async (page: Page, name: string) => {
  await page.mouse.move(0, 0); // the page at rest, no button hovered
  await expectAccessible(page, name); // serious or critical WCAG A/AA violations fail
};

let h: Harness;
let companyUrl = '';

beforeAll(async () => {
  h = await startHarness();
  await createOwner(h.db, owner);
}, TIMEOUT);
afterAll(async () => {
  await h?.close();
});

async function signIn(page: Page, next: string) {
  await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
  await page.goto(`${h.url}${next}`);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('电子邮箱').fill(owner.email);
  await page.getByLabel('密码').fill(owner.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function companyCount(): Promise<number> {
  const r = await h.context.request.get(`${h.url}/api/v1/companies?limit=100`);
  expect(r.status()).toBe(200);
  return ((await r.json()) as { items: unknown[] }).items.length;
}

const fieldError = (page: Page | Locator) => page.locator('.ant-form-item-explain-error').first();

/** the open tab's panel */
const pane = (page: Page) => page.locator('.company-tabs [role=tabpanel][aria-hidden=false]');

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect.poll(() => page.locator('.company-tabs .ant-tabs-tab-active').textContent()).toBe(name);
  // the tab's data in place: its reads answered, no spinner left
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.company-tabs [role=tabpanel] .ant-spin-spinning').count()).toBe(0);
}

/** the newest dialog, opened and done with its entrance motion (a click during the zoom can miss its button) */
async function dialogSettled(page: Page) {
  const modal = page.locator('.ant-modal').last();
  await modal.waitFor();
  await expect.poll(async () => /motion|zoom/.test((await modal.getAttribute('class')) ?? '')).toBe(false);
}

describe.skipIf(!browserAvailable)('companies, a company’s page and the import in Chromium', () => {
  it(
    'creates a company through the form, fills its profile, assesses it and records a domain',
    async () => {
      const page = await h.newPage(1280);
      await signIn(page, '/companies');
      await page.getByText('还没有公司。').waitFor();

      // the form: an invalid credit code is refused on its field, in place
      await page.getByRole('button', { name: '新建公司' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('公司名称').fill('杭州示例科技有限公司');
      await dialog.getByLabel('统一社会信用代码').fill('91330106MA2H000001');
      await dialog.getByLabel('法定代表人').fill('张三');
      await dialog.getByLabel('注册资本（元）').fill('1000000');
      await dialog.getByRole('button', { name: '创建' }).click();
      await expect.poll(() => fieldError(dialog).textContent()).toContain('校验码');
      const usccItem = dialog.locator('.ant-form-item-has-error');
      expect(await usccItem.count()).toBe(1);
      expect(await usccItem.textContent()).toContain('统一社会信用代码');
      await h.shot(page, 'company-1280-create-error');
      await dialog.getByLabel('统一社会信用代码').fill(uscc('330106', 'MA2H0001'));
      await dialog.getByRole('button', { name: '创建' }).click();
      await page.waitForURL(/\/companies\/[\w-]+$/);
      companyUrl = page.url();
      await expect.poll(() => page.getByTestId('company-name').textContent()).toBe('杭州示例科技有限公司');

      // 概况: the business profile through the wizard's own steps
      await page.getByText('尚未填写业务档案').waitFor();
      await fillAdsProfile(page, 'App');
      await page.locator('.tab-card').getByText('靠广告盈利').first().waitFor();

      // shareholders: one foreign holder, the foreign share computed through the tree
      await page.getByRole('button', { name: '编辑股东' }).click();
      const holders = page.getByRole('dialog');
      await holders.getByRole('button', { name: '添加股东' }).click();
      await holders.getByLabel('股东名称').fill('张三');
      await holders.getByLabel('持股比例（%）').fill('70');
      await holders.getByRole('button', { name: '添加股东' }).click();
      await holders.getByLabel('股东名称').nth(1).fill('Example HK Ltd');
      await holders.getByLabel('类型').nth(1).click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('企业', { exact: true }).click();
      await holders.getByLabel('国家或地区（ISO 代码，如 CN、HK、US）').nth(1).fill('HK');
      await holders.getByLabel('持股比例（%）').nth(1).fill('30');
      await holders.getByRole('button', { name: '保存' }).click();
      await holders.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('shareholders').textContent()).toContain('30%');
      await h.shot(page, 'company-1280-tab-profile');

      // 评估: run, open with explanations, run again, compare the two
      await openTab(page, '评估');
      await page.getByText('还没有评估记录。').waitFor();
      await page.getByRole('button', { name: '按业务档案运行评估' }).click();
      const opened = page.getByTestId('assessment-opened');
      const b25 = opened.getByTestId('licence-B25');
      await b25.waitFor();
      await b25.getByText('查看依据').click();
      await b25.locator('.explanation').waitFor();
      expect(await b25.locator('.explanation').textContent()).toContain('ads-b25');
      await h.shot(page, 'company-1280-tab-assessments');
      await page.getByRole('button', { name: '按业务档案运行评估' }).click();
      const runs = pane(page).locator('tr.ant-table-row');
      await expect.poll(() => runs.count()).toBe(2);
      for (const run of await runs.all()) await run.locator('.ant-checkbox').click();
      await page.getByRole('button', { name: '比较所选两次评估' }).click();
      await page.getByTestId('assessment-comparison').locator('li').first().waitFor();
      await h.shot(page, 'company-1280-assessment-compare');

      // 备案与资源: a domain, refused on its field first
      await openTab(page, '备案与资源');
      const domains = page.getByTestId('register-domains');
      await domains.getByRole('button', { name: '添加 域名' }).click();
      await dialogSettled(page);
      const form = page.getByTestId('register-form-domains');
      await form.getByLabel('域名').fill('not a domain');
      await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await expect.poll(() => fieldError(form).textContent()).toBeTruthy();
      await h.shot(page, 'company-1280-register-error');
      await form.getByLabel('域名').fill('example.cn');
      await form.getByLabel('到期日期').fill('2027-06-30');
      await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await domains.getByText('example.cn').waitFor();
      await h.shot(page, 'company-1280-tab-register');

      // 变更事件: an ICP filing naming the domain, and a rename that took effect on 2026-10-15, entered now:
      // the filing's change is due 30 days before the rename took effect, not before today
      await page.getByTestId('register-icpFilings').getByRole('button', { name: '添加 ICP 备案' }).click();
      const filingForm = page.getByTestId('register-form-icpFilings');
      await filingForm.getByLabel('编号').fill('浙ICP备2024012345号-1');
      await filingForm.getByLabel('域名').fill('example.cn');
      await filingForm.getByLabel('备案日期').fill('2024-05-01');
      await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await page.getByTestId('register-icpFilings').getByText('浙ICP备2024012345号-1').waitFor();
      const events = page.getByTestId('register-companyEvents');
      await events.getByRole('button', { name: '添加 变更事件' }).click();
      const eventForm = page.getByTestId('register-form-companyEvents');
      await eventForm.getByLabel('事件类型').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('公司名称变更', { exact: true }).click();
      await eventForm.getByLabel('生效日期').fill('2026-10-15');
      await eventForm.getByLabel('涉及的许可证或备案（不填为全部）').click();
      await page
        .locator('.ant-select-dropdown:visible')
        .getByTitle('ICP 备案 浙ICP备2024012345号-1', { exact: true })
        .click();
      await h.shot(page, 'company-1280-register-event-form');
      await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await events.getByText('公司名称变更').waitFor();
      expect(await events.textContent()).toContain('2026-10-15');
      await h.shot(page, 'company-1280-register-events');

      // 合规义务: the filing's change, counted back from the day the rename took effect
      await openTab(page, '合规义务');
      const change = pane(page).locator('tr', { hasText: '起因：公司名称变更 2026-10-15' }).first();
      await change.waitFor();
      expect(await change.textContent()).toContain('2026-09-15');
      expect(await change.textContent()).toContain('浙ICP备2024012345号-1');
      await h.shot(page, 'company-1280-obligations-event');

      // 变更影响: foreign investment after the change
      await openTab(page, '变更影响');
      await page.locator('.impact-kind').click();
      await page.getByTitle('引入外资').click();
      await page.getByLabel('变更后的外资比例（%）').fill('60');
      await page.getByRole('button', { name: '分析影响' }).click();
      await page.getByTestId('impact-result').waitFor();
      expect(await page.getByTestId('impact-result').textContent()).toContain('变更后');
      await h.shot(page, 'company-1280-tab-impact');
      // without its day, the change cannot be recorded yet
      await page.getByTestId('impact-record').getByText('选择生效日期并重新分析后').waitFor();

      // a rename on a chosen day, recorded from the impact as the company event it is
      await page.locator('.impact-kind').click();
      await page.getByTitle('公司更名').click();
      await page.getByLabel('新名称').fill('杭州新名科技有限公司');
      await page.getByLabel('生效日期').fill('2027-01-15');
      await page.getByLabel('生效日期').press('Enter');
      await page.getByRole('button', { name: '分析影响' }).click();
      await page.getByRole('button', { name: '登记为变更事件（生效日期 2027-01-15）' }).click();
      await page.getByRole('button', { name: '已登记为变更事件' }).waitFor();
      await h.shot(page, 'company-1280-impact-recorded');

      for (const tab of ['申请', '许可证', '文档', '合规义务', '历史']) {
        await openTab(page, tab);
        await h.shot(page, `company-1280-tab-${TABS.indexOf(tab)}`);
      }
      await openTab(page, '合规义务');
      expect(await pane(page).textContent()).toContain('起因：公司名称变更 2027-01-15');
      await openTab(page, '历史');
      expect(await pane(page).textContent()).toContain('owner@example.cn');
      expect(await pane(page).textContent()).toContain('域名新建');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'every tab at 390 px wide, and the list',
    async () => {
      expect(companyUrl).not.toBe('');
      const page = await h.newPage(390);
      await page.goto(`${h.url}/companies`);
      await page.getByRole('link', { name: '杭州示例科技有限公司' }).waitFor();
      await h.shot(page, 'company-390-list');
      await accessible(page, 'company list');
      await page.setViewportSize({ width: 1280, height: 900 });
      await h.shot(page, 'company-1280-list');
      await page.setViewportSize({ width: 390, height: 900 });
      await page.getByRole('link', { name: '杭州示例科技有限公司' }).click();
      await page.getByTestId('company-name').waitFor();
      for (const [i, tab] of TABS.entries()) {
        await openTab(page, tab);
        await h.shot(page, `company-390-tab-${i}`);
        await accessible(page, `company tab ${tab}`);
      }
      // in English: the tabs and the history's words switch with the header's button, then back
      await page.getByRole('button', { name: 'English' }).click();
      await openTab(page, 'History');
      expect(await pane(page).textContent()).toContain('domaincreated');
      await h.shot(page, 'company-390-en-history');
      await openTab(page, 'Profile');
      await page.getByText('Foreign share through the tree').waitFor();
      await h.shot(page, 'company-390-en-profile');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('tab', { name: '概况', exact: true }).waitFor();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'an import with errors is reported by row and imports nothing; a correct file imports',
    async () => {
      const page = await h.newPage(1280);
      await page.goto(`${h.url}/companies`);
      await page.getByRole('link', { name: '批量导入' }).click();
      await page.waitForURL(/\/import\?kind=companies$/);
      const before = await companyCount();
      const bad = [
        '名称,统一社会信用代码,注册资本（元）',
        `宁波甲公司,${uscc('330203', 'MA2H0002')},500000`,
        '宁波乙公司,123,',
        `,${uscc('330203', 'MA2H0003')},`,
      ].join('\n');
      const input = page.locator('input[type=file]');
      await input.setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByRole('button', { name: '导入', exact: true }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor();
      expect(await report.textContent()).toContain('未导入任何数据');
      const rows = await report.locator('tr.ant-table-row').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/^3统一社会信用代码.*18位/);
      expect(rows[1]).toMatch(/^4名称/);
      expect(rows[1]).toContain('在这一格填入内容');
      expect(await companyCount()).toBe(before);
      await h.shot(page, 'company-1280-import-errors');
      await accessible(page, 'import report');
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'company-390-import-errors');
      await page.setViewportSize({ width: 1280, height: 900 });

      const good = [
        '名称,统一社会信用代码,注册资本（元）',
        `宁波甲公司,${uscc('330203', 'MA2H0002')},500000`,
        `宁波乙公司,${uscc('330203', 'MA2H0003')},`,
      ].join('\n');
      await input.setInputFiles({
        name: 'companies-fixed.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(good),
      });
      await page.getByText('companies-fixed.csv').waitFor();
      // the first import's loading icon can still be leaving the button (Ant Design's motion), which makes its
      // accessible name "loading 导入" for a while: match the name's end, not all of it
      await page.getByRole('button', { name: /(^|\s)导入$/ }).click();
      await expect.poll(() => page.getByTestId('import-done').textContent()).toContain('已导入 2 行');
      expect(await companyCount()).toBe(before + 2);
      await h.shot(page, 'company-1280-import-done');
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'company-390-import-done');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'a client user sees only its own company, by the list, the search and an edited address',
    async () => {
      const api = h.context.request;
      const list = (await (await api.get(`${h.url}/api/v1/companies?limit=100`)).json()) as {
        items: { id: string; name: string }[];
      };
      const own = list.items.find((c) => c.name === '杭州示例科技有限公司');
      const other = list.items.find((c) => c.name === '宁波甲公司');
      if (!own || !other) throw new Error('the companies of the earlier steps are missing');
      // the owner invites a client for its own company only, then signs out; the client joins by the link
      const csrf = async () =>
        ((await (await api.get(`${h.url}/api/v1/me`)).json()) as { csrfToken: string }).csrfToken;
      const invited = await api.post(`${h.url}/api/v1/invitations`, {
        headers: { 'x-csrf-token': await csrf() },
        data: { email: 'client@example.cn', role: 'client', companyIds: [own.id] },
      });
      expect(invited.status()).toBe(201);
      const { token } = (await invited.json()) as { token: string };
      expect(
        (await api.post(`${h.url}/api/v1/auth/logout`, { headers: { 'x-csrf-token': await csrf() } })).ok(),
      ).toBe(true);
      const joined = await api.post(`${h.url}/api/v1/invitations/accept`, {
        data: { token, password: 'client-password-1234', name: '客户甲' },
      });
      expect(joined.status()).toBe(200);

      const page = await h.newPage(1280);
      await page.goto(`${h.url}/companies`);
      await page.getByRole('link', { name: own.name }).waitFor();
      const names = await page.locator('.ant-table-row td:first-child').allTextContents();
      expect(names).toEqual([own.name]);
      expect(await page.getByRole('button', { name: '新建公司' }).count()).toBe(0);
      await page.getByRole('searchbox').fill('宁波');
      await page.getByRole('searchbox').press('Enter');
      await page.getByText('没有名称含“宁波”的公司。').waitFor();
      await h.shot(page, 'company-1280-client-list');

      // its own company, read-only: no edit buttons, no history tab
      await page.goto(`${h.url}/companies/${own.id}`);
      await expect.poll(() => page.getByTestId('company-name').textContent()).toBe(own.name);
      expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
      expect(await page.getByRole('tab', { name: '历史', exact: true }).count()).toBe(0);
      await accessible(page, 'company as client');

      // another company by its address: told it is not there, nothing of it shown
      await page.goto(`${h.url}/companies/${other.id}`);
      await page.getByText('找不到这家公司，或你无权查看。').waitFor();
      expect(await page.locator('body').textContent()).not.toContain(other.name);
      await h.shot(page, 'company-1280-client-forbidden');
      await page.goto(`${h.url}/companies/${other.id}?tab=register`);
      await page.getByText('找不到这家公司，或你无权查看。').waitFor();
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'company-390-client-forbidden');
      await page.close();
    },
    TIMEOUT,
  );

  it('the browser console held no errors or warnings but the refusals the tests provoked', () => {
    // the invalid credit code and domain (400), the refused import (422), who-is-signed-in before sign-in
    // (401), the client's reading of another company (404)
    const provoked = /Failed to load resource: the server responded with a status of (400|401|404|422)/;
    expect(h.errors.filter((e) => !provoked.test(e))).toEqual([]);
  });
});
