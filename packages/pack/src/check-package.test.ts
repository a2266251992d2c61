/**
 * checkPackage (read + engine precheck) on packages whose manifest is hostile or saved in the wrong encoding:
 * each ends as a refused package with its own code, from a folder and from a zip, never as an exception.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKb } from '@icpdesk/kb';
import { type Zippable, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackage } from './check-package.ts';

const example = fileURLToPath(new URL('../../../examples/packages/b25-hangzhou', import.meta.url));
const exampleManifest = readFileSync(join(example, 'application.yaml'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const kb = loadKb();

let n = 0;
/** the example package with its manifest replaced, as a folder and as a zip of it */
function packages(manifest: Uint8Array): string[] {
  const dir = join(tmp, String(++n));
  cpSync(example, dir, { recursive: true });
  writeFileSync(join(dir, 'application.yaml'), manifest);
  const files: Zippable = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else files[`${rel}${name}`] = new Uint8Array(readFileSync(p));
    }
  };
  walk(dir, '');
  const zip = join(tmp, `${n}.zip`);
  writeFileSync(zip, zipSync(files));
  return [dir, zip];
}

const refusal = async (path: string) => {
  const c = await checkPackage(kb, path, '2026-11-29');
  return !c.ok && 'error' in c
    ? { code: c.error.code, message: c.error.message, encoding: c.error.encoding }
    : c;
};

/** aliases of aliases in front of the real manifest: 10^levels values once expanded */
function aliasBomb(levels: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text + exampleManifest;
}

/** GBK bytes of a text, from the decoder's own table (Node has no GBK encoder) */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = trail === 0x7f ? '' : dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  return new Uint8Array(
    [...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)),
  );
}

describe('checkPackage refuses what it cannot read truthfully', () => {
  it('reads the example package, folder and zip', async () => {
    for (const p of packages(new TextEncoder().encode(exampleManifest))) {
      const c = await checkPackage(kb, p, '2026-11-29');
      expect(c.ok && c.result.summary.errors).toBe(0);
    }
  });

  it('refuses a YAML alias bomb in front of a valid manifest as MANIFEST_TOO_COMPLEX, quickly', async () => {
    for (const p of packages(new TextEncoder().encode(aliasBomb(8)))) {
      const t0 = performance.now();
      expect(await refusal(p)).toMatchObject({ code: 'MANIFEST_TOO_COMPLEX' });
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });

  it('refuses a GBK manifest, naming the encoding and the first line that is not UTF-8', async () => {
    const bytes = gbk(exampleManifest);
    const firstHan = exampleManifest.split('\n').findIndex((l) => /\p{Script=Han}/u.test(l)) + 1;
    for (const p of packages(bytes)) {
      const r = await refusal(p);
      expect(r).toMatchObject({ code: 'MANIFEST_ENCODING', encoding: 'GBK' });
      expect((r as { message: string }).message).toContain(`saved as GBK`);
      expect((r as { message: string }).message).toContain(`line ${firstHan}`);
      expect((r as { message: string }).message).toContain('save it as UTF-8');
    }
  });

  it('refuses UTF-16 with or without a byte-order mark', async () => {
    const le = Buffer.from(exampleManifest, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: [Uint8Array, string][] = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'UTF-16LE'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF-16BE'],
      [le, 'UTF-16LE'],
      [be, 'UTF-16BE'],
    ];
    for (const [bytes, encoding] of cases)
      for (const p of packages(bytes))
        expect(await refusal(p)).toMatchObject({ code: 'MANIFEST_ENCODING', encoding });
  });

  it('refuses bytes that are no known encoding, without naming one', async () => {
    const bytes = Buffer.concat([Buffer.from('applicant:\n  name: '), Buffer.from([0xff, 0xff, 0xc0, 0x0a])]);
    const [dir] = packages(bytes);
    const r = await refusal(dir!);
    expect(r).toMatchObject({ code: 'MANIFEST_ENCODING', encoding: undefined });
    expect((r as { message: string }).message).toContain('not UTF-8 text (first at line 2)');
  });

  it('accepts UTF-8 with a byte-order mark', async () => {
    const [dir] = packages(Buffer.from(`\uFEFF${exampleManifest}`, 'utf8'));
    const c = await checkPackage(kb, dir!, '2026-11-29');
    expect(c.ok && c.result.summary.errors).toBe(0);
  });
});
