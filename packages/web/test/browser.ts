/**
 * The e2e harness: the web app built once (scripts/ensure-built.ts), the real server on a temporary SQLite
 * database serving it, and Debian's Chromium (/usr/bin/chromium; .ci/run installs it) driven by
 * playwright-core with a fresh profile. Every page's console errors and uncaught exceptions are collected,
 * and screenshots go to test/screenshots/ (git-ignored). `expectAccessible` runs axe-core in a page.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Running, serve } from '@icpdesk/server';
import type { Db } from '@icpdesk/store';
import type { AxeResults } from 'axe-core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureBuilt } from '../scripts/ensure-built.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** run the browser tests: always in CI (where a missing Chromium fails them), locally when it is installed */
export const browserAvailable = existsSync(CHROMIUM) || !!process.env.CI;
export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  url: string;
  /** the server's database */
  db: Db;
  context: BrowserContext;
  /** console errors and page exceptions seen so far, on every page */
  errors: string[];
  budget: { gzipped: number; budget: number };
  newPage(width?: number): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const { dist } = await ensureBuilt(() => {});
  const budget = JSON.parse(readFileSync(join(dist, 'bundle-budget.json'), 'utf8')) as Harness['budget'];
  const dataDir = mkdtempSync(join(tmpdir(), 'icpdesk-e2e-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'icpdesk-e2e-chromium-'));
  let running: Running | undefined;
  let context: BrowserContext | undefined;
  try {
    running = await serve({
      port: 0,
      databaseUrl: '',
      dataDir,
      log: false,
      rateLimitPerMinute: false,
      webDir: dist,
    });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      acceptDownloads: true,
      locale: 'zh-CN',
    });
  } catch (e) {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  mkdirSync(SHOTS, { recursive: true });
  const errors: string[] = [];
  const ctx = context;
  const server = running;
  return {
    url: server.url,
    db: server.db,
    context: ctx,
    errors,
    budget,
    async newPage(width = 1280) {
      const page = await ctx.newPage();
      await page.setViewportSize({ width, height: 900 });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      return page;
    },
    async shot(page, name) {
      // transitions finished: a table's loading mask fading out is not photographed half-transparent
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
    },
    async close() {
      await ctx.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * axe-core's browser build, evaluated in the page under test. Not by page.addScriptTag: that adds an inline
 * script, which the app's Content-Security-Policy (script-src 'self') rightly blocks, and bypassing the CSP
 * for the whole browser would hide the app breaking its own policy. DevTools' evaluation is not subject to it.
 */
let axeSource: string | undefined;
const axe = () => {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

/**
 * runs axe-core (WCAG 2.x A and AA rules) on the page as it is now and fails on serious or critical
 * violations, printing each with the elements it found; lesser ones are printed only
 */
export async function expectAccessible(page: Page, name: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe());
  const violations = await page.evaluate(async () => {
    // the page's window (this file is type-checked without the DOM's types)
    const w = globalThis as unknown as {
      axe: { run(o: unknown, c: unknown): Promise<AxeResults> };
      document: unknown;
    };
    const r = await w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({
        target: n.target.map(String),
        summary: (n.failureSummary ?? '').slice(0, 300),
      })),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations)
    console.log(
      `axe ${name}: [${v.impact}] ${v.id} — ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.summary}`).join('\n')}`,
    );
  if (serious.length)
    throw new Error(
      `${name}: ${serious.length} serious or critical accessibility violation(s): ${serious.map((v) => v.id).join(', ')}`,
    );
  return violations;
}
