/**
 * Pre-submission check on real packages: the example package and one variant per defect, as folders and as
 * zip archives, through the icpdesk command. Cases are data: fixtures/precheck.yaml.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strToU8, type Zippable, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { cli, root } from './helpers.ts';

type Entry = { name: string; text?: string; zeros?: number; symlink?: string };
interface Case {
  name: string;
  set?: Record<string, unknown>;
  delete?: string[];
  manifestText?: string;
  /** the manifest saved in another encoding than plain UTF-8 */
  manifestEncoding?: 'gbk' | 'utf-16le' | 'utf-16be' | 'utf-8-bom';
  write?: Record<string, string | { pdfBytes: number }>;
  remove?: string[];
  symlink?: Record<string, string>;
  zip?: 'folder' | { raw: string } | { entries: Entry[] };
  expect: {
    exit?: number;
    error?: string;
    message?: string;
    notWritten?: string;
    findings?: { id: string; path: string; severity: string; rule?: string }[];
    absent?: string[];
    foreignPercent?: number;
    unknownPercent?: number;
  };
}

const fixture = parse(readFileSync(new URL('./fixtures/precheck.yaml', import.meta.url), 'utf8')) as {
  asOf: string;
  cases: Case[];
};
const example = join(root, 'examples/packages/b25-hangzhou');
const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-precheck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A path like documents[*].holder or applicant.shareholders[0] as yaml path segments, with * expanded. */
function expand(doc: ReturnType<typeof parseDocument>, path: string): (string | number)[][] {
  const segs = [...path.matchAll(/([^.[\]]+)|\[(\d+|\*)\]/g)].map((m) =>
    m[2] === undefined ? m[1]! : m[2] === '*' ? '*' : Number(m[2]),
  );
  let paths: (string | number)[][] = [[]];
  for (const s of segs) {
    if (s !== '*') {
      paths = paths.map((p) => [...p, s]);
      continue;
    }
    paths = paths.flatMap((p) => {
      const n = (doc.getIn(p) as { items?: unknown[] } | undefined)?.items?.length ?? 0;
      return Array.from({ length: n }, (_, i) => [...p, i]);
    });
  }
  return paths;
}

function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), 0x20)]);
}

let gbkTable: Map<string, number[]> | undefined;
/** GBK bytes of a text (Node encodes no GBK itself): the reverse of the decoder's table */
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
  }
  const table = gbkTable;
  return Buffer.from(
    [...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? [0x3f]))),
  );
}

function encoded(text: string, encoding: NonNullable<Case['manifestEncoding']>): Buffer {
  if (encoding === 'gbk') return gbk(text);
  if (encoding === 'utf-8-bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

function build(i: number, c: Case): string {
  const dir = join(tmp, String(i), 'b25-hangzhou');
  cpSync(example, dir, { recursive: true });
  const manifest = join(dir, 'application.yaml');
  if (c.set || c.delete) {
    const doc = parseDocument(readFileSync(manifest, 'utf8'));
    for (const [path, value] of Object.entries(c.set ?? {}))
      for (const p of expand(doc, path)) doc.setIn(p, doc.createNode(value));
    for (const path of c.delete ?? []) for (const p of expand(doc, path)) doc.deleteIn(p);
    writeFileSync(manifest, doc.toString());
  }
  if (c.manifestText !== undefined) writeFileSync(manifest, c.manifestText);
  if (c.manifestEncoding)
    writeFileSync(manifest, encoded(readFileSync(manifest, 'utf8'), c.manifestEncoding));
  for (const [file, content] of Object.entries(c.write ?? {}))
    writeFileSync(join(dir, file), typeof content === 'string' ? content : pdf(content.pdfBytes));
  for (const file of c.remove ?? []) unlinkSync(join(dir, file));
  for (const [file, target] of Object.entries(c.symlink ?? {})) symlinkSync(target, join(dir, file));
  if (!c.zip) return dir;
  const zipPath = join(tmp, String(i), 'package.zip');
  if (c.zip === 'folder') {
    const files: Zippable = {};
    const add = (rel: string) => {
      files[`b25-hangzhou/${rel}`] = new Uint8Array(readFileSync(join(dir, rel)));
    };
    add('application.yaml');
    for (const d of (parse(readFileSync(manifest, 'utf8')) as { documents: { file: string }[] }).documents)
      add(d.file);
    writeFileSync(zipPath, zipSync(files));
  } else if ('raw' in c.zip) writeFileSync(zipPath, c.zip.raw);
  else {
    const files: Zippable = {};
    for (const e of c.zip.entries) {
      if (e.symlink) files[e.name] = [strToU8(e.symlink), { attrs: (0o120777 << 16) >>> 0, level: 0 }];
      else if (e.zeros) files[e.name] = [new Uint8Array(e.zeros), { level: 9 }];
      else files[e.name] = strToU8(e.text ?? '');
    }
    writeFileSync(zipPath, zipSync(files));
  }
  return zipPath;
}

describe('icpdesk precheck', () => {
  fixture.cases.forEach((c, i) => {
    it(c.name, async () => {
      const path = build(i, c);
      const r = await cli(['precheck', path, '--as-of', fixture.asOf, '--format', 'json', '--lang', 'en']);
      const e = c.expect;
      if (e.error) {
        expect(r.code, r.err).toBe(2);
        expect(r.out).toBe('');
        if (e.error !== 'INVALID_PACKAGE') expect(r.err).toContain(`[${e.error}]`);
        if (e.message) expect(r.err).toContain(e.message);
        expect(r.err).not.toMatch(/\n\s+at /);
        if (e.notWritten)
          for (let d = join(tmp, String(i)); d !== dirname(d); d = dirname(d))
            expect(existsSync(join(d, e.notWritten))).toBe(false);
        return;
      }
      expect(r.err).toBe('');
      const result = JSON.parse(r.out);
      if (e.exit !== undefined)
        expect(
          r.code,
          JSON.stringify(
            result.findings.filter((f: { severity: string }) => f.severity === 'error'),
            null,
            1,
          ),
        ).toBe(e.exit);
      type Got = { id: string; path: string; severity: string; rule?: string };
      const got = result.findings.map((f: Got) => ({ id: f.id, path: f.path, severity: f.severity }));
      for (const { rule, ...f } of e.findings ?? []) {
        expect(got).toContainEqual(f);
        // the kb entry a finding rests on, when the case names it
        if (rule !== undefined)
          expect(
            result.findings.filter((g: Got) => g.id === f.id && g.path === f.path).map((g: Got) => g.rule),
          ).toContain(rule);
      }
      for (const id of e.absent ?? []) expect(got.map((f: { id: string }) => f.id)).not.toContain(id);
      if (e.foreignPercent !== undefined) expect(result.shareholding.foreignPercent).toBe(e.foreignPercent);
      if (e.unknownPercent !== undefined) expect(result.shareholding.unknownPercent).toBe(e.unknownPercent);
      for (const f of result.findings) {
        expect(f.message.en.length, f.id).toBeGreaterThan(0);
        expect(f.fix.en.length, f.id).toBeGreaterThan(0);
      }
    });
  });

  it('prints what README shows for its example package', async () => {
    // README: the example package with a misspelt name, a server abroad and a domain in the founder's name,
    // edited in place so that the lines stay where README shows them
    const text = readFileSync(join(example, 'application.yaml'), 'utf8')
      .replace(
        'technical-plan.pdf, holder: 杭州示例信息技术有限公司',
        'technical-plan.pdf, holder: 杭州示例信息科技有限公司',
      )
      .replace('ip: 114.114.114.114', 'ip: 8.8.8.8')
      .replace(
        'holder: 杭州示例信息技术有限公司, expires: 2029-06-30',
        'holder: 张示例, expires: 2029-06-30',
      );
    const dir = build(901, { name: 'readme', manifestText: text, expect: {} });
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = /\$ npx icpdesk precheck my-package --as-of 2026-11-29\n([\s\S]*?)```/.exec(readme)?.[1];
    const r = await cli(['precheck', dir, '--as-of', '2026-11-29']);
    expect(r.code).toBe(3);
    // the kb version changes with every edit of kb/; the rest must be what the command prints
    const version = (text: string) => text.replace(/\d{4}\.\d{2}\.\d{2}\+[0-9a-f]{8}/, '<kb version>');
    expect(version(r.out)).toBe(version(shown ?? ''));
  });

  it('prints readable text with the line of each finding', async () => {
    const dir = build(900, { name: 'text', set: { 'domains[0].holder': '陈某某' }, expect: {} });
    const r = await cli(['precheck', dir, '--as-of', fixture.asOf]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\[错误\] application\.yaml:\d+ domains\[0\]\.holder: 域名登记在"陈某某"名下/);
  });
});
