/**
 * Settings in a real browser against the real server (one harness): the owner invites a client limited to
 * company A through the settings page (a second invitation is revoked), makes an API token that then works
 * as a bearer token until it is revoked, adds a WeCom robot and an in-app channel and test-sends through
 * them (a local receiver that checks the robot's key; the bell shows the in-app one), adds an e-mail channel
 * (a real SMTP server that refuses at first) and sees an invitation's mail fail, then sent again with a
 * fresh link; the client joins by
 * the link and sees only A — by the list, by editing the address and by the API — and none of the settings
 * it may not use; the owner then makes it a viewer. Each tab is checked with axe-core and photographed at
 * 1280 and 390 px.
 */
import { createOwner } from '@icpdesk/store';
import { seedCompany } from '@icpdesk/store/testing';
import {
  allowPrivateWebhooksForTests,
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  type SmtpReceiver,
  startRobotReceiver,
  startSmtpReceiver,
} from '@icpdesk/store/testing/receivers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, type Harness, startHarness } from './browser.ts';

const TIMEOUT = 240_000;
const owner = { email: 'owner@agency.cn', password: 'owner-password-1234', organisation: '华东合规咨询' };
const client = { email: 'client@a.cn', name: '甲方联系人', password: 'client-password-1234' };
const A = { name: '杭州甲网络科技有限公司', uscc: '91330100MA2XXXXX0A' };
const B = { name: '宁波乙信息服务有限公司', uscc: '91330200MA2YYYYY0B' };
const TABS = ['members', 'invitations', 'notifications', 'tokens', 'organisation'] as const;

let h: Harness;
let rx: RobotReceiver;
let smtp: SmtpReceiver;
/** the SMTP server's mood: it answers after a moment, refusing while `refuse` */
const smtpGate = { delayMs: 300, refuse: true };
let ids: { a: string; b: string; org: string };
let undoPrivateWebhooks: (() => void) | undefined;

beforeAll(async () => {
  if (!browserAvailable) return;
  h = await startHarness();
  // the robots listen on 127.0.0.1, which the webhook guard refuses unless the operator opts in
  undoPrivateWebhooks = allowPrivateWebhooksForTests();
  rx = await startRobotReceiver(robotSecrets);
  smtp = await startSmtpReceiver('mailer', 'pw-e2e', smtpGate);
  const made = await createOwner(h.db, owner);
  ids = {
    org: made.organisationId,
    a: await seedCompany(h.db, made.organisationId, A),
    b: await seedCompany(h.db, made.organisationId, B),
  };
}, TIMEOUT);
afterAll(async () => {
  undoPrivateWebhooks?.();
  await rx?.close();
  await smtp?.close();
  await h?.close();
});

async function signIn(page: Page, who: { email: string; password: string }, next: string) {
  await page.goto(`${h.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('电子邮箱').fill(who.email);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === next);
}

/** an Ant Design select: open it by its label and choose the option in its open list */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

/** 撤销 in a table's row, then again in the question it asks */
async function revokeRow(page: Page, row: string) {
  await page.getByRole('row').filter({ hasText: row }).getByRole('button', { name: '撤销' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' }).click();
}

async function openTab(page: Page, tab: (typeof TABS)[number]) {
  await page.goto(`${h.url}/settings/${tab}`);
  await page.locator('.settings-tab').waitFor();
  // the tab's data loaded (no spinner left in a table or card)
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
}

describe.skipIf(!browserAvailable)('settings and client isolation in Chromium', () => {
  let inviteUrl = '';

  it(
    'the owner invites a client for company A (and revokes another), makes and revokes a token, tests channels; every tab passes axe',
    async () => {
      const page = await h.newPage(1280);
      await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
      await page.goto(`${h.url}/sign-in`);
      await page.getByLabel('电子邮箱').waitFor();
      await expectAccessible(page, 'sign-in');
      await signIn(page, owner, '/companies');
      await page.getByText(A.name).waitFor();
      await expectAccessible(page, 'companies');

      // the menu leads to settings; an owner sees every tab
      await page.getByRole('link', { name: '设置' }).click();
      await page.waitForURL(/\/settings$/);
      for (const name of ['成员与角色', '邀请', '通知', 'API 令牌', '机构'])
        await page.getByRole('tab', { name }).waitFor();
      await expect.poll(() => page.getByTestId('members-table').textContent()).toContain(owner.email);

      // the invitations tab empty; a member's own e-mail refused by the API, its words under the field
      await openTab(page, 'invitations');
      await page.getByText('没有待接受的邀请。').waitFor();
      await h.shot(page, 'settings-zh-1280-invitations-empty');
      await page.getByLabel('受邀人邮箱').fill(owner.email);
      await page.getByRole('button', { name: '生成邀请链接' }).click();
      const emailItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('受邀人邮箱') });
      await expect
        .poll(() => emailItem.locator('.ant-form-item-explain-error').textContent())
        .toContain(`${owner.email} 已是本机构成员`);
      expect(await page.getByRole('alert').count()).toBe(0);

      // invitation of a client limited to A, through the form
      await page.getByLabel('受邀人邮箱').fill(client.email);
      await choose(page, '角色', '客户');
      await choose(page, '搜索并选择公司', A.name);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '生成邀请链接' }).click();
      const link = page.getByTestId('invite-link');
      await link.waitFor();
      inviteUrl = await link.inputValue();
      expect(inviteUrl).toMatch(new RegExp(`^${h.url}/invite/`));
      await expect.poll(() => page.locator('.ant-table').last().textContent()).toContain(client.email);
      // a second invitation, revoked: it leaves the pending list
      await page.getByLabel('受邀人邮箱').fill('wrong@a.cn');
      await page.getByRole('button', { name: '生成邀请链接' }).click();
      await expect.poll(() => page.locator('.ant-table').last().textContent()).toContain('wrong@a.cn');
      await revokeRow(page, 'wrong@a.cn');
      await page.getByText('邀请已撤销').waitFor();
      await expect.poll(() => page.locator('.ant-table').last().textContent()).not.toContain('wrong@a.cn');
      expect(await page.locator('.ant-table').last().textContent()).toContain(client.email);

      // an API token made in the page works as a bearer token
      await openTab(page, 'tokens');
      await page.getByLabel('名称').fill('ERP 同步');
      await page.getByLabel('到期日').fill('2020-01-01');
      await page.getByRole('button', { name: '生成令牌' }).click();
      await page.getByText('到期日不能早于今天').waitFor();
      await page.getByLabel('到期日').fill('');
      await page.getByRole('button', { name: '生成令牌' }).click();
      const secretBox = page.getByTestId('token-secret');
      await secretBox.waitFor();
      const secret = await secretBox.inputValue();
      const me = await fetch(`${h.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { token?: unknown }).token).toMatchObject({
        name: 'ERP 同步',
        scopes: ['read'],
      });
      const wrong = await fetch(`${h.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}x` } });
      expect(wrong.status).toBe(401);
      // revoked from the list, after a question: the secret stops working
      await revokeRow(page, 'ERP 同步');
      await page.getByRole('row').filter({ hasText: '已撤销' }).waitFor();
      const revoked = await fetch(`${h.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(revoked.status).toBe(401);

      // a WeCom robot against the local receiver, and an in-app channel: both test-sent from the page
      await openTab(page, 'notifications');
      const addChannel = async (name: string, kind: string, url?: string) => {
        await page.getByRole('button', { name: '添加渠道' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('名称').fill(name);
        await choose(page, '类型', kind);
        if (url) await dialog.getByLabel('Webhook 地址').fill(url);
        await dialog.getByRole('button', { name: '保存' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.getByRole('row').filter({ hasText: name }).waitFor();
      };
      await addChannel('合规群', '企业微信群机器人', robotUrls(rx.base).wecom);
      await addChannel('站内', '站内通知');
      const row = (name: string) => page.getByRole('row').filter({ hasText: name });
      await row('合规群').getByRole('button', { name: '测试发送' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('测试消息已发送');
      expect(rx.accepted.map((r) => r.robot)).toEqual(['wecom']);
      expect(JSON.stringify(rx.accepted[0]?.body)).toContain('合规群');
      await row('站内').getByRole('button', { name: '测试发送' }).click();
      await expect.poll(() => page.getByRole('status').count()).toBe(2);
      // renamed through its form, whose address field holds the masked URL: the robot keeps its real key
      await row('合规群').getByRole('button', { name: '编辑' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.getByLabel('Webhook 地址').inputValue()).toContain('key=***');
      await dialog.getByLabel('名称').fill('合规群（杭州）');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row('合规群（杭州）').getByRole('button', { name: '测试发送' }).click();
      await expect.poll(() => rx.accepted.length).toBe(2);
      expect(JSON.stringify(rx.accepted[1]?.body)).toContain('合规群（杭州）');
      expect(rx.refused).toEqual([]);
      // the secrets never come back: the robot's key is masked in the list
      expect(await page.locator('.settings-section').nth(1).textContent()).not.toContain(
        robotSecrets.wecomKey,
      );

      // the reminder rules: a change saved is what the API then answers
      await page.getByRole('switch').last().click();
      await page.getByRole('button', { name: '保存' }).first().click();
      await page.getByText('已保存').waitFor();
      const settings = await h.context.request.get(`${h.url}/api/v1/notification-settings`);
      expect((await settings.json()).digest).toBe(true);

      // the bell: the in-app test message is unread until marked read
      const bell = page.getByTestId('bell');
      await page.reload();
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('站内通知，1 条未读');
      await bell.click();
      await page.getByTestId('bell-panel').getByText('icpdesk 测试消息 / test message').waitFor();
      await h.shot(page, 'settings-zh-1280-bell');
      await page.getByRole('button', { name: '标为已读' }).click();
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('站内通知，0 条未读');
      await page.keyboard.press('Escape');

      // the organisation's name
      await openTab(page, 'organisation');
      await page.getByLabel('机构名称').fill('华东合规咨询（杭州）');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('已保存').waitFor();

      // an e-mail channel: an invitation's link goes out after the answer; the list shows how it went
      await openTab(page, 'notifications');
      await page.getByRole('button', { name: '添加渠道' }).click();
      const mailDialog = page.getByRole('dialog');
      await mailDialog.getByLabel('名称').fill('邮件');
      await choose(page, '类型', '电子邮件');
      await mailDialog.getByLabel('发件人地址').fill('icpdesk@agency.cn');
      await mailDialog.getByLabel('SMTP 服务器').fill('127.0.0.1');
      await mailDialog.getByLabel('端口', { exact: true }).fill(String(smtp.port));
      await mailDialog.getByRole('switch', { name: '使用 TLS（通常为 465 端口）' }).click(); // a test server: no TLS
      await mailDialog.getByLabel('用户名').fill('mailer');
      await mailDialog.getByLabel('密码', { exact: true }).fill('pw-e2e');
      await mailDialog.getByRole('button', { name: '保存' }).click();
      await mailDialog.waitFor({ state: 'hidden' });
      await openTab(page, 'invitations');
      const inviteRow = (email: string) => page.getByRole('row').filter({ hasText: email });
      await page.getByLabel('受邀人邮箱').fill('later@a.cn');
      await page.getByRole('button', { name: '生成邀请链接' }).click();
      await page.getByText('邀请邮件正在发送').waitFor();
      const firstLink = await page.getByTestId('invite-link').inputValue();
      // the SMTP server refuses: the list turns to 发送失败 by itself; the client's invitation had no channel
      await inviteRow('later@a.cn').getByText('发送失败').waitFor({ timeout: 20_000 });
      expect(await inviteRow(client.email).textContent()).toContain('未配置邮件渠道');
      await h.shot(page, 'settings-zh-1280-invitations-mail-failed');
      // sent again once the server takes mail: a fresh link, e-mailed
      smtpGate.refuse = false;
      await inviteRow('later@a.cn').getByRole('button', { name: '重新发送' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '重新发送' }).click();
      await expect.poll(() => page.getByTestId('invite-link').inputValue()).not.toBe(firstLink);
      await inviteRow('later@a.cn').getByText('已发送').waitFor({ timeout: 20_000 });
      const mails = smtp.mails.filter((m) => m.to.includes('later@a.cn'));
      expect(mails).toHaveLength(1);
      const freshToken = (await page.getByTestId('invite-link').inputValue()).split('/invite/')[1]!;
      const [head, ...body] = mails[0]!.raw.split('\r\n\r\n');
      const text = /content-transfer-encoding: base64/i.test(head!)
        ? Buffer.from(body.join(''), 'base64').toString('utf8')
        : body.join('').replace(/=\r\n/g, '');
      expect(text).toContain(freshToken);
      const oldLink = await fetch(`${h.url}/api/v1/invitations/accept/${firstLink.split('/invite/')[1]}`);
      expect(oldLink.status).toBe(404);

      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const tab of TABS) {
          await openTab(page, tab);
          if (width === 1280) await expectAccessible(page, `settings/${tab}`);
          await h.shot(page, `settings-zh-${width}-${tab}`);
        }
      }
      await page.getByRole('button', { name: '退出' }).click();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'the client joins by the link and sees company A only: in the list, by the address, by the API, in settings',
    async () => {
      expect(inviteUrl).not.toBe('');
      const page = await h.newPage(1280);
      await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
      await page.goto(inviteUrl);
      await page.getByRole('heading', { name: '加入 华东合规咨询（杭州）' }).waitFor();
      expect(await page.locator('.narrow-card').textContent()).toContain('客户');
      await expectAccessible(page, 'invite');
      await page.getByLabel('姓名').fill(client.name);
      await page.getByLabel('密码').fill(client.password);
      await page.getByRole('button', { name: '接受邀请' }).click();
      await page.waitForURL(/\/companies$/);
      await page.getByText(A.name).waitFor();
      expect(await page.locator('main').textContent()).not.toContain(B.name);
      await h.shot(page, 'settings-zh-1280-client-companies');

      // B by editing the address: a not-found or forbidden state, nothing of B
      await page.goto(`${h.url}/companies/${ids.b}`);
      await expect.poll(() => page.locator('main').textContent()).toMatch(/404|403|不存在|无权/);
      const shown = (await page.locator('main').textContent()) ?? '';
      expect(shown).not.toContain(B.name);
      expect(shown).not.toContain(B.uscc);
      await h.shot(page, 'settings-zh-1280-client-company-b');

      // the API with the client's session: A answers, B does not exist for it
      const get = (path: string) => h.context.request.get(`${h.url}/api/v1${path}`);
      expect((await get(`/companies/${ids.a}`)).status()).toBe(200);
      for (const path of [
        `/companies/${ids.b}`,
        `/companies/${ids.b}/obligations`,
        `/companies/${ids.b}/register`,
        `/companies/${ids.b}/assessments`,
      ])
        expect([403, 404], path).toContain((await get(path)).status());
      const list = await (await get('/companies?limit=100')).json();
      expect(list.items.map((c: { id: string }) => c.id)).toEqual([ids.a]);
      for (const path of ['/tokens', '/invitations', '/notification-settings', '/notification-deliveries'])
        expect((await get(path)).status(), path).toBe(403);

      // settings: the organisation only; the other tabs by address are refused in words
      await page.goto(`${h.url}/settings`);
      await page.locator('.settings-tab').waitFor();
      expect(await page.getByRole('tab').allTextContents()).toEqual(['机构']);
      await expectAccessible(page, 'settings/client');
      for (const tab of ['members', 'invitations', 'notifications', 'tokens']) {
        await page.goto(`${h.url}/settings/${tab}`);
        await page.getByTestId('settings-forbidden').waitFor();
      }
      await h.shot(page, 'settings-zh-1280-client-forbidden');
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'settings-zh-390-client-forbidden');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'the owner, back, sees the client with company A and makes it a viewer; the tab in English',
    async () => {
      const page = await h.newPage(1280);
      await page.addInitScript("window.localStorage.setItem('icpdesk.lang', 'zh')");
      await signIn(page, owner, '/settings/members');
      const members = page.getByTestId('members-table');
      await expect.poll(() => members.textContent()).toContain(client.email);
      await expect.poll(() => members.textContent()).toContain(A.name);
      await expectAccessible(page, 'settings/members with a client');
      await choose(page, `${client.name} 的角色`, '只读成员');
      await page.getByText(`${client.name} 的角色已改为“只读成员”`).waitFor();
      const list = await (await h.context.request.get(`${h.url}/api/v1/members?limit=100`)).json();
      expect(list.items.find((m: { email: string }) => m.email === client.email)?.role).toBe('viewer');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('tab', { name: 'Members and roles' }).waitFor();
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      // the role list closes with a fade: axe would read its half-transparent options
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      await expectAccessible(page, 'settings/members in English');
      await h.shot(page, 'settings-en-1280-members');
      await page.setViewportSize({ width: 390, height: 900 });
      await h.shot(page, 'settings-en-390-members');
      await page.getByRole('button', { name: '中文' }).click();
      await page.close();
    },
    TIMEOUT,
  );

  it('the browser console held no errors but the refusals the tests provoked', () => {
    const provoked = [/Failed to load resource: the server responded with a status of (401|403|404|409)/];
    expect(h.errors.filter((e) => !provoked.some((p) => p.test(e)))).toEqual([]);
  });
});
