/**
 * The company page's business-profile editor (the wizard's own steps in a dialog), filled as the e2e files
 * need it: online advertising, a company registered in Zhejiang without foreign investment, serving one
 * province through the given channel from mainland servers; saved, and the dialog closed.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function fillAdsProfile(page: Page, channel: 'App' | '网站'): Promise<void> {
  await page.getByRole('button', { name: '编辑业务档案' }).click();
  const editor = page.getByRole('dialog');
  await editor.getByRole('searchbox').fill('广告');
  const ads = editor.locator('[data-activity=online-advertising]');
  await ads.click();
  await expect.poll(() => ads.isChecked()).toBe(true);
  await editor.getByRole('tab', { name: '主体' }).click();
  await editor.getByText('公司（企业法人）', { exact: true }).click();
  await editor.locator('#entity-province').click();
  await page.keyboard.type('浙江');
  await page.keyboard.press('Enter');
  await editor.locator('#entity-foreign').getByText('否', { exact: true }).click();
  await editor.getByRole('tab', { name: '经营范围' }).click();
  await editor.getByText('一个省（自治区、直辖市）', { exact: true }).click();
  await editor.getByText(channel, { exact: true }).click();
  await editor.getByText('中国大陆（含国内云服务）', { exact: true }).click();
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.waitFor({ state: 'detached' });
}
