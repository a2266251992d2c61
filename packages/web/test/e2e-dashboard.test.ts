/**
 * The dashboard, licences and calendar pages in Chromium against the real server. Seeded through the API
 * with the browser's session: a company, a licence held for years that expires within 180 days (so its past
 * annual reports are overdue and its renewal is due soon) and an application with the authority. Then: the
 * sign-in lands on the dashboard, whose counts and links match the API, and which shows a failed load in
 * place with a retry; the licences table searches, filters and links to the licence; the calendar's month and
 * agenda views put the renewal on its due day; a calendar feed is made in the UI, read as text/calendar,
 * revoked, and then answers 404; an overdue obligation is marked done in its drawer and undone. Screenshots at 1280 and 390 px wide, each page checked by axe-core there.
 */
import { join } from 'node:path';
import { createOwner } from '@icpdesk/store';
import type { APIResponse, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, type Harness, SHOTS, startHarness } from './browser.ts';

const TIMEOUT = 240_000;
const owner = {
  email: 'dash-owner@example.cn',
  password: 'dash-owner-password-1234',
  organisation: '看板咨询有限公司',
};
const companyName = '杭州看板示例科技有限公司';

interface Obligation {
  id: string;
  kind: string;
  status: string;
  window: { due: string | null };
  belongsTo: { id: string; company: string | null };
}

let h: Harness;
let page: Page;
let csrf = '';

beforeAll(async () => {
  if (!browserAvailable) return;
  h = await startHarness();
}, TIMEOUT);
afterAll(async () => {
  await h?.close();
});

const api = async (method: 'GET' | 'POST' | 'DELETE', path: string, data?: unknown): Promise<APIResponse> => {
  const r = await h.context.request.fetch(`${h.url}${path}`, {
    method,
    headers: { 'x-csrf-token': csrf },
    ...(data !== undefined ? { data } : {}),
  });
  return r;
};
const json = async <T>(r: APIResponse, status = 200): Promise<T> => {
  expect(r.status(), await r.text()).toBe(status);
  return (await r.json()) as T;
};

/** today in China and whole-day arithmetic, as the server counts */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** the explanation drawer, once it has slid in */
async function drawerOpen() {
  await page.locator('.obligation-drawer').waitFor();
  const panel = page.locator('.ant-drawer-content-wrapper');
  await expect
    .poll(async () => {
      const box = await panel.boundingBox();
      const width = page.viewportSize()?.width;
      return (
        !!box &&
        Math.round(box.x + box.width) === width &&
        !/motion/.test((await panel.getAttribute('class')) ?? '')
      );
    })
    .toBe(true);
  return page.locator('.obligation-drawer');
}

/** every page's serious accessibility violations (axe-core), checked at the end so that one run lists them all */
const a11y: string[] = [];

/** a route's answer while the server is down: 503 with a problem body, as a browser would meet it */
const unavailable = (r: Route) =>
  r.fulfill({
    status: 503,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'unavailable' }),
  });

async function shots(name: string) {
  // every table loaded, and the loading veil's fade-out (0.3 s) over
  await expect.poll(() => page.locator('.ant-spin-blur, .ant-spin-spinning').count()).toBe(0);
  await page.waitForTimeout(400);
  // no button left in its hover colour by the last click
  await page.mouse.move(0, 0);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await h.shot(page, `dash-${width}-${name}`);
    await expectAccessible(page, `${name} at ${width} px`).catch((e: Error) => a11y.push(e.message));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!browserAvailable)('dashboard, licences and calendar in Chromium', () => {
  let companyId = '';
  let licence = { id: '', number: '', expiresOn: '', standing: '' };
  let applicationId = '';
  let renewal: Obligation;
  let obligations: Obligation[] = [];

  it(
    'signing in lands on the dashboard; the seed goes in through the API',
    async () => {
      await createOwner(h.db, owner);
      page = await h.newPage(1280);
      await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
      await page.goto(`${h.url}/sign-in`);
      await page.getByLabel('电子邮箱').fill(owner.email);
      await page.getByLabel('密码').fill(owner.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/dashboard$/);
      // the workspace menu starts with the dashboard
      expect(await page.locator('.app-nav a').first().textContent()).toBe('工作台');
      // nothing yet: the empty states
      await page.getByText('没有逾期或即将到期的义务。').waitFor();
      await page.getByText('没有办理中的申请。').waitFor();
      await page.getByText('180 日内没有到期的许可证。').waitFor();
      await shots('dashboard-empty');

      csrf = (await json<{ csrfToken: string }>(await api('GET', '/api/v1/me'))).csrfToken;
      companyId = (
        await json<{ id: string }>(
          await api('POST', '/api/v1/companies', { name: companyName, uscc: '91330106MA2K004209' }),
          201,
        )
      ).id;
      // held since five years less 100 days ago: expires in about 100 days, renewal due in about 10
      const issuedOn = addDays(addDays(chinaToday(), 100), -5 * 365);
      licence = await json(
        await api('POST', '/api/v1/licences', {
          companyId,
          number: '浙B2-20210042',
          codes: ['B25:internet'],
          coverage: ['CN-ZJ'],
          authority: 'CN-ZJ',
          issuedOn,
        }),
        201,
      );
      expect(licence.expiresOn > chinaToday() && licence.expiresOn < addDays(chinaToday(), 180)).toBe(true);
      applicationId = (
        await json<{ id: string }>(
          await api('POST', '/api/v1/applications', {
            companyId,
            licenceCodes: ['B25:internet'],
            procedure: 'change',
            authority: 'CN-ZJ',
          }),
          201,
        )
      ).id;
      await json(
        await api('POST', `/api/v1/applications/${applicationId}/transitions`, { to: 'submitted' }),
        201,
      );

      obligations = (await json<{ obligations: Obligation[] }>(await api('GET', '/api/v1/obligations')))
        .obligations;
      const found = obligations.find((o) => o.kind === 'renewal' && o.belongsTo.id === licence.id);
      expect(found?.status).toBe('due-soon');
      renewal = found!;
      expect(obligations.some((o) => o.status === 'overdue' && o.kind === 'annual-report')).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'the dashboard: counts as the API has them, and links to the company, the application and the licence',
    async () => {
      await page.goto(`${h.url}/dashboard`);
      const count = (id: string) =>
        page.getByTestId(id).locator('.ant-statistic-content-value').textContent();
      const overdue = obligations.filter((o) => o.status === 'overdue').length;
      await expect.poll(() => count('count-overdue')).toBe(String(overdue));
      expect(await count('count-due-soon')).toBe(
        String(obligations.filter((o) => o.status === 'due-soon').length),
      );
      await expect.poll(() => count('count-applications')).toBe('1');
      await expect.poll(() => count('count-expiring')).toBe('1');

      const row = page.getByTestId('dash-obligations').locator(`[data-obligation="${renewal.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(renewal.window.due!);
      await expect
        .poll(() => row.getByRole('link', { name: companyName }).getAttribute('href'))
        .toBe(`/companies/${companyId}`);
      const apps = page.getByTestId('dash-applications');
      expect(await apps.locator(`a[href="/applications/${applicationId}"]`).count()).toBe(1);
      expect(await apps.locator('[data-state="submitted"]').textContent()).toContain('1');
      // the submitted application's clock: acceptance by a date
      expect(await apps.textContent()).toMatch(/受理：最迟 \d{4}-\d{2}-\d{2}/);
      const lic = page.getByTestId('dash-licences');
      expect(await lic.getByRole('link', { name: licence.number }).getAttribute('href')).toBe(
        `/licences/${licence.id}`,
      );
      expect(await lic.locator(`[data-standing="${licence.standing}"]`).count()).toBe(1);
      await shots('dashboard');

      // an obligation opens its rule, consequence and sources
      await row.getByRole('link', { name: /续/ }).click();
      const drawer = await drawerOpen();
      expect(await drawer.locator('code').first().textContent()).toBe('licence-renewal');
      expect((await drawer.getByTestId('obligation-consequence').textContent())?.length).toBeGreaterThan(5);
      expect(await drawer.locator('.sources a').first().getAttribute('href')).toMatch(/^https?:\/\//);
      await shots('obligation-drawer');
      await page.keyboard.press('Escape');

      // a card whose load fails says so in place, and its retry loads it
      const seen = h.errors.length;
      await page.route(/\/api\/v1\/licences\?/, unavailable);
      await page.reload();
      const failed = page.getByTestId('dash-licences').getByRole('alert');
      await failed.waitFor();
      expect(await page.getByTestId('count-expiring').textContent()).toContain('—');
      // not "nothing expires": the card does not know
      expect(await page.getByText('180 日内没有到期的许可证。').count()).toBe(0);
      await shots('dashboard-error');
      await page.unroute(/\/api\/v1\/licences\?/);
      await failed.getByRole('button', { name: '重试' }).click();
      await page.getByTestId('dash-licences').getByRole('link', { name: licence.number }).waitFor();
      expect(await failed.count()).toBe(0);
      // the browser reports the refused load (and only that) in its console
      expect(h.errors.splice(seen).every((e) => /status of 503/.test(e))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'an overdue obligation is marked done in its drawer (who recorded it shown), leaves the list, and is undone',
    async () => {
      const report = obligations.find((o) => o.status === 'overdue' && o.kind === 'annual-report')!;
      await page.goto(`${h.url}/dashboard`);
      const row = page.getByTestId('dash-obligations').locator(`[data-obligation="${report.id}"]`);
      await row.locator(`a[href="#${report.id}"]`).click();
      const drawer = await drawerOpen();
      // the rule by its name, with its id beside it
      const rule = drawer.getByTestId('obligation-rule');
      expect(await rule.textContent()).toBe('电信业务经营许可年报 licence-annual-report');
      await drawer.getByRole('button', { name: '标记为已完成' }).click();
      const day = drawer.getByLabel('完成日期');
      expect(await day.inputValue()).toBe(chinaToday());
      await drawer.getByLabel('备注（回执号、文件等）').fill('年报回执 2026-001');
      await drawer.getByRole('button', { name: '标记为已完成' }).click();
      const by = drawer.getByTestId('obligation-recorded-by');
      await by.waitFor();
      expect(await by.textContent()).toContain(owner.email);
      expect(await drawer.locator('[data-status="done"]').count()).toBe(1);
      expect(await drawer.textContent()).toContain(`${chinaToday()} 已完成`);
      // the dashboard's list (overdue and due soon) loads again without it
      await expect.poll(() => row.count()).toBe(0);
      const done = (
        await json<{ obligations: Obligation[] }>(await api('GET', '/api/v1/obligations'))
      ).obligations.find((o) => o.id === report.id);
      expect(done?.status).toBe('done');
      await shots('obligation-recorded');

      await drawer.getByRole('button', { name: '撤销' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' }).click();
      await drawer.getByRole('button', { name: '豁免' }).waitFor();
      expect(await drawer.locator('[data-status="overdue"]').count()).toBe(1);
      await expect.poll(() => row.count()).toBe(1);
      const undone = (
        await json<{ obligations: Obligation[] }>(await api('GET', '/api/v1/obligations'))
      ).obligations.find((o) => o.id === report.id);
      expect(undone?.status).toBe('overdue');
      // a waiver needs its reason
      await drawer.getByRole('button', { name: '豁免' }).click();
      await drawer.getByRole('button', { name: '豁免' }).click();
      await drawer.getByText('请说明豁免理由').waitFor();
      await shots('obligation-waive-form');
      await page.keyboard.press('Escape');

      // the licence's page and the company's obligations tab open the same drawer
      await page.goto(`${h.url}/licences/${licence.id}`);
      await page.locator(`a[href="#${report.id}"]`).click();
      await (await drawerOpen()).getByRole('button', { name: '标记为已完成' }).waitFor();
      await page.goto(`${h.url}/companies/${companyId}?tab=obligations`);
      await page.locator(`a[href="#${report.id}"]`).click();
      const fromCompany = await drawerOpen();
      await fromCompany.getByRole('button', { name: '豁免' }).click();
      await fromCompany.getByLabel('豁免理由').fill('该年度尚未开展经营');
      await fromCompany.getByRole('button', { name: '豁免' }).click();
      await fromCompany.getByTestId('obligation-recorded-by').waitFor();
      expect(await fromCompany.textContent()).toContain('已豁免：该年度尚未开展经营');
      // the tab's row (reloaded behind the drawer) says waived
      await expect
        .poll(() => page.locator(`tr[data-row-key="${report.id}"]`).textContent())
        .toContain('已豁免');
      await shots('company-obligation-waived');
      await fromCompany.getByRole('button', { name: '撤销' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' }).click();
      await fromCompany.getByRole('button', { name: '豁免' }).waitFor();
      await expect
        .poll(() => page.locator(`tr[data-row-key="${report.id}"]`).textContent())
        .toContain('已逾期');
      await page.keyboard.press('Escape');
    },
    TIMEOUT,
  );

  it(
    'the licences table searches, filters and links to the licence',
    async () => {
      await page.goto(`${h.url}/licences`);
      const row = page.locator('.ant-table-row', { hasText: licence.number });
      await row.waitFor();
      expect(await row.textContent()).toContain('浙江省通信管理局');
      // renewal is due 90 days (the kb's lead) before expiry, about ten days from now: in force until then
      expect(licence.standing).toBe('in-force');
      expect(await row.locator('[data-standing="in-force"]').textContent()).toContain('有效');
      expect(await row.getByRole('link', { name: licence.number }).getAttribute('href')).toBe(
        `/licences/${licence.id}`,
      );
      await expect
        .poll(() => row.getByRole('link', { name: companyName }).getAttribute('href'))
        .toBe(`/companies/${companyId}`);
      await shots('licences');
      await page.getByLabel('按许可证编号或公司名称搜索').fill('看板示例');
      await page.getByLabel('按许可证编号或公司名称搜索').press('Enter');
      await page.waitForURL(/q=/);
      await row.waitFor();
      await page.getByLabel('业务代码，如 B25').fill('B11');
      await page.getByLabel('业务代码，如 B25').press('Enter');
      await page.getByText('没有符合条件的许可证。').waitFor();
      // the filters are in the address: reloading keeps them
      await page.reload();
      await page.getByText('没有符合条件的许可证。').waitFor();
      expect(await page.getByLabel('业务代码，如 B25').inputValue()).toBe('B11');
      await shots('licences-empty');
    },
    TIMEOUT,
  );

  it(
    'the calendar: the renewal on its due day in the month and in the agenda',
    async () => {
      const due = renewal.window.due!;
      await page.goto(`${h.url}/calendar?month=${due.slice(0, 7)}`);
      const cell = page.getByTestId('month-view').locator(`.cal-cell[data-date="${due}"]`);
      await cell.locator(`[data-obligation="${renewal.id}"]`).waitFor();
      expect(await cell.locator(`[data-obligation="${renewal.id}"]`).getAttribute('data-status')).toBe(
        'due-soon',
      );
      await h.shot(page, 'dash-1280-calendar-month');
      await cell.locator(`[data-obligation="${renewal.id}"]`).click();
      expect(await (await drawerOpen()).textContent()).toContain(due);
      await page.keyboard.press('Escape');
      // narrow: a count on the day, the day's list below when chosen
      await page.setViewportSize({ width: 390, height: 900 });
      await page.locator(`.cal-count[data-date="${due}"]`).click();
      await page.getByTestId('calendar-day').locator(`[data-obligation="${renewal.id}"]`).waitFor();
      await h.shot(page, 'dash-390-calendar-month');
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByRole('tab', { name: '日程' }).click();
      const day = page.getByTestId('agenda').locator(`.agenda-day[data-date="${due}"]`);
      await day.locator(`[data-obligation="${renewal.id}"]`).waitFor();
      // filtered to overdue only, the renewal leaves the agenda
      await shots('calendar-agenda');
      await page.goto(`${h.url}/calendar?view=agenda&status=overdue`);
      await page.getByTestId('agenda').waitFor();
      expect(await page.locator(`[data-obligation="${renewal.id}"]`).count()).toBe(0);
      expect(await page.locator('.agenda-item [data-status="overdue"]').count()).toBeGreaterThan(0);

      // a failed load shows its notice and retry, not an empty month that reads as "nothing due"
      const seen = h.errors.length;
      await page.route(/\/api\/v1\/obligations\?/, unavailable);
      await page.goto(`${h.url}/calendar?month=${due.slice(0, 7)}`);
      const failed = page.getByRole('alert');
      await failed.waitFor();
      expect(await page.getByTestId('month-view').isVisible()).toBe(false);
      expect(await page.getByRole('tab', { name: '日程' }).isVisible()).toBe(false);
      await shots('calendar-error');
      await page.unroute(/\/api\/v1\/obligations\?/);
      await failed.getByRole('button', { name: '重试' }).click();
      await cell.locator(`[data-obligation="${renewal.id}"]`).waitFor();
      expect(h.errors.splice(seen).every((e) => /status of 503/.test(e))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'a calendar feed is made in the UI, read as text/calendar, revoked, and then gone',
    async () => {
      await page.goto(`${h.url}/calendar`);
      const panel = page.getByTestId('subscribe-panel');
      await panel.getByRole('button', { name: '生成订阅地址' }).click();
      const shown = panel.getByTestId('feed-url');
      await shown.waitFor();
      const url = (await shown.locator('code').textContent())!;
      expect(url).toMatch(new RegExp(`^${h.url}/api/v1/ical/`));
      await shown.scrollIntoViewIfNeeded();
      await shots('calendar-subscribe');
      const feed = await h.context.request.get(url);
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toMatch(/^text\/calendar/);
      const ics = await feed.text();
      expect(ics).toContain('BEGIN:VCALENDAR');
      expect(ics).toContain(renewal.window.due!.replaceAll('-', ''));

      const row = panel.locator('.ant-table-row').first();
      await row.getByRole('button', { name: '撤销' }).click();
      const confirm = page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' });
      await confirm.waitFor();
      const [revoked] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'DELETE' && r.url().includes('/calendar-feeds/'),
        ),
        confirm.click(),
      ]);
      expect(revoked.status()).toBe(204);
      await row.getByText('已撤销').waitFor();
      const gone = await h.context.request.get(url);
      expect([404, 410]).toContain(gone.status());
    },
    TIMEOUT,
  );

  it(
    'in English, switched from the header: the dashboard and the agenda in English words',
    async () => {
      await page.goto(`${h.url}/dashboard`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page
        .getByTestId('dash-obligations')
        .getByText('Licence renewal application', { exact: false })
        .waitFor();
      // each card loads on its own: wait for the applications card too, not only the obligations one
      await expect
        .poll(() => page.getByTestId('dash-applications').textContent())
        .toMatch(/Acceptance: by \d{4}-\d{2}-\d{2}/);
      await shots('en-dashboard');
      // through the menu: a new load would meet the Chinese the page's init script sets
      await page.locator('.app-nav').getByRole('link', { name: 'Calendar' }).click();
      await page.getByRole('tab', { name: 'Agenda' }).click();
      await page.getByTestId('agenda').locator(`[data-obligation="${renewal.id}"]`).waitFor();
      expect(await page.getByRole('tab', { name: 'Agenda' }).getAttribute('aria-selected')).toBe('true');
      await shots('en-calendar-agenda');
    },
    TIMEOUT,
  );

  it(
    'the agenda of a long list shows a page at a time, and a page more when asked',
    async () => {
      const other = (
        await json<{ id: string }>(
          await api('POST', '/api/v1/companies', {
            name: '杭州代理客户科技有限公司',
            uscc: '91330106MA2K00519R',
          }),
          201,
        )
      ).id;
      // forty licences held since 2022: their late annual reports, and this year's report, renewal and expiry
      for (let i = 0; i < 40; i++)
        await json(
          await api('POST', '/api/v1/licences', {
            companyId: other,
            number: `浙B2-2022${String(1000 + i)}`,
            codes: ['B25:internet'],
            coverage: ['CN-ZJ'],
            authority: 'CN-ZJ',
            issuedOn: '2022-06-01',
          }),
          201,
        );
      await page.goto(`${h.url}/calendar?view=agenda`);
      const more = page.getByTestId('agenda-more');
      await more.waitFor();
      const total = Number(/共 (\d+) 项/.exec((await more.textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(200);
      expect(total).toBeLessThanOrEqual(400);
      expect(await page.locator('.agenda-item').count()).toBe(200);
      expect(await more.textContent()).toContain('已显示 200 项');
      // the bar, where a reader who scrolled down meets it (a viewport shot: the whole page is very long)
      await more.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'dash-1280-calendar-agenda-more.png') });
      await more.getByRole('button', { name: `再显示 ${total - 200} 项` }).click();
      await expect.poll(() => page.locator('.agenda-item').count()).toBe(total);
      expect(await more.count()).toBe(0);
      // the month and back: what was shown stays shown
      await page.getByRole('tab', { name: '月视图' }).click();
      await page.getByRole('tab', { name: '日程' }).click();
      await expect.poll(() => page.locator('.agenda-item').count()).toBe(total);
    },
    TIMEOUT,
  );

  it('the browser console held no errors or warnings, and axe-core found no serious violations', () => {
    expect(h.errors).toEqual([]);
    expect(a11y).toEqual([]);
  });
});
