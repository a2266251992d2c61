/**
 * Time to precheck a 200-document package (read the folder, parse the manifest, run every check), against
 * the floor of reading the same files from disk, in the same run. Prints both and the ratio.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, precheck } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { readManifest, readPackage } from '@icpdesk/pack';
import { parse, stringify } from 'yaml';

const example = fileURLToPath(new URL('../examples/packages/b25-hangzhou', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'icpdesk-bench-pkg-'));
cpSync(example, dir, { recursive: true });
const manifest = parse(readFileSync(join(dir, 'application.yaml'), 'utf8'));
const base = manifest.documents as { kind: string; file: string }[];
const pdf = readFileSync(join(dir, base[0]!.file));
while (manifest.documents.length < 200) {
  const n = manifest.documents.length;
  const proto = base[n % base.length]!;
  const file = `docs/extra-${n}.pdf`;
  writeFileSync(join(dir, file), Buffer.concat([pdf, Buffer.alloc(200_000, 0x20)]));
  manifest.documents.push({ ...proto, file });
}
writeFileSync(join(dir, 'application.yaml'), stringify(manifest));
const kb = loadKb();

async function once() {
  const pkg = await readPackage(dir);
  const mf = readManifest(pkg);
  const m = parseManifest(mf.data);
  if (!m.ok) throw new Error('manifest invalid');
  return precheck(kb, { manifest: m.manifest, files: pkg.files, asOf: '2026-11-29' });
}
function floor() {
  let n = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else n += readFileSync(join(d, e.name)).length;
    }
  };
  walk(dir);
  return n;
}

try {
  await once();
  floor();
  const runs = 5;
  let t = performance.now();
  let findings = 0;
  for (let i = 0; i < runs; i++) findings = (await once()).findings.length;
  const ms = (performance.now() - t) / runs;
  t = performance.now();
  for (let i = 0; i < runs; i++) floor();
  const base = (performance.now() - t) / runs;
  console.log(
    `icpdesk precheck bench: ${manifest.documents.length} documents, ${(floor() / 1e6).toFixed(1)} MB`,
  );
  console.log(`floor: read every file           ${base.toFixed(1)} ms`);
  console.log(`precheck (read + parse + checks) ${ms.toFixed(1)} ms  (${findings} findings)`);
  console.log(`ratio precheck / floor: ${(ms / base).toFixed(1)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
