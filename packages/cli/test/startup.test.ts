/**
 * The installed command at its edges: what it loads at start (never the server for assess, precheck or
 * --version), the compiled-sources cache and its tsx fallback, a reader that stops early, --out -.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, root } from './helpers.ts';

const bin = join(root, 'packages/cli/bin/icpdesk.js');
const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function icpdesk(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** the URLs of the ES modules a run of the command loads, once its sources are compiled */
function loads(args: string[]): string[] {
  const log = join(tmp, `loads-${args[0]}.txt`);
  const cache = { ICPDESK_CACHE_DIR: join(tmp, 'loads-cache') };
  expect(icpdesk(['--version'], cache).status).toBe(0);
  writeFileSync(log, '');
  const p = icpdesk(args, { ...cache, ICPDESK_RECORD_LOADS: log }, [
    '--import',
    join(root, 'packages/cli/test/fixtures/record-loads.mjs'),
  ]);
  expect(p.stderr).toBe('');
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const server = /node_modules\/(fastify|@fastify|pg|better-sqlite3|@node-rs|kysely|exceljs|@zxcvbn-ts)\//;

describe('icpdesk start-up', () => {
  it('answers --version without loading any dependency', () => {
    const urls = loads(['--version']);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => u.includes('/node_modules/'))).toEqual([]);
  });

  it('assesses and prechecks without loading the server, the database or password hashing', () => {
    const assess = loads(['assess', 'examples/profiles/corporate-website.yaml', '--as-of', '2026-11-29']);
    expect(assess.some((u) => u.includes('node_modules/zod/'))).toBe(true);
    expect(assess.filter((u) => server.test(u))).toEqual([]);
    const precheck = loads(['precheck', 'examples/packages/b25-hangzhou', '--as-of', '2026-11-29']);
    expect(precheck.some((u) => u.includes('node_modules/yauzl/'))).toBe(true);
    expect(precheck.filter((u) => server.test(u))).toEqual([]);
  });

  it('gives the same result from the compiled cache as through tsx, and rebuilds when a source changes', () => {
    const cache = join(tmp, 'cache');
    const args = [
      'assess',
      'examples/profiles/corporate-website.yaml',
      '--as-of',
      '2026-11-29',
      '--format',
      'json',
    ];
    const cached = icpdesk(args, { ICPDESK_CACHE_DIR: cache });
    expect(cached.stderr).toBe('');
    const builds = () => readdirSync(cache).filter((n) => /^cli-\w+-/.test(n));
    expect(builds()).toHaveLength(1);
    const tsx = icpdesk(args, { ICPDESK_NO_CACHE: '1' });
    expect(tsx.stderr).toBe('');
    expect(JSON.parse(cached.stdout)).toEqual(JSON.parse(tsx.stdout));
    expect(icpdesk(['--version'], { ICPDESK_CACHE_DIR: cache }).status).toBe(0);
    expect(builds()).toHaveLength(1);
    const source = join(root, 'packages/cli/src/errors.ts');
    utimesSync(source, new Date(), new Date());
    expect(icpdesk(['--version'], { ICPDESK_CACHE_DIR: cache }).status).toBe(0);
    expect(builds()).toHaveLength(2);
  });

  it('runs through tsx when the cache cannot be written', () => {
    const notADir = join(tmp, 'file');
    writeFileSync(notADir, '');
    const p = icpdesk(['--version'], { ICPDESK_CACHE_DIR: join(notADir, 'cache') });
    expect(p.stderr).toBe('');
    expect(p.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('never runs code from a cache folder that others can write to', () => {
    const shared = join(tmp, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const p = icpdesk(['--version'], { ICPDESK_CACHE_DIR: shared });
    expect(p.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(readdirSync(shared)).toEqual([]);
  });

  it('exits quietly when the reader of its output stops early', async () => {
    const child = spawn(process.execPath, [bin, 'kb', 'search', '许可'], { cwd: root });
    child.stdout.destroy(); // as head -1 does once it has its line
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((ok) => child.on('close', ok));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('--out -', () => {
  it('writes batch results to standard output', async () => {
    const input = join(tmp, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'x', service: { activities: ['cdn'] } })}\n{oops\n`);
    const r = await cli(['assess', '--batch', input, '--out', '-', '--as-of', '2026-11-29']);
    expect(r.code).toBe(2);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ profileId: 'x', asOf: '2026-11-29' });
    expect(lines[1]).toMatchObject({ line: 2, error: { code: 'PARSE_ERROR' } });
    expect(r.err).toMatch(/assessed 1 profile from 2 lines, 1 bad, in [\d.]+ s → standard output\n$/);
  });
});

describe('precheck exit codes', () => {
  it('are 0, 3 and 2, and its help says so', async () => {
    const example = join(root, 'examples/packages/b25-hangzhou');
    expect((await cli(['precheck', example, '--as-of', '2026-11-29'])).code).toBe(0);
    const broken = join(tmp, 'broken');
    cpSync(example, broken, { recursive: true });
    const manifest = join(broken, 'application.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/uscc: \S+/, 'uscc: 91330106MA2H7K3LXB'));
    expect((await cli(['precheck', broken, '--as-of', '2026-11-29'])).code).toBe(3);
    expect((await cli(['precheck', join(tmp, 'no-such-package')])).code).toBe(2);
    const help = (await cli(['help', 'precheck'])).out;
    expect(help).toMatch(/\b0 no blocking problem/);
    expect(help).toMatch(/\b3 blocking problems found/);
    expect(help).toMatch(/\b2 the package cannot be read/);
  });
});
