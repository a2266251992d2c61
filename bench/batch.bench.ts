/**
 * icpdesk assess --batch on 100,000 JSONL lines, end to end in a child process, against a baseline child
 * process that only parses and re-serialises the same lines. Prints both wall times and the ratio.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKb } from '@icpdesk/kb';
import { generateProfiles } from './generate.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'icpdesk-bench-'));
const input = join(dir, 'in.jsonl');
const output = join(dir, 'out.jsonl');
writeFileSync(
  input,
  `${generateProfiles(loadKb(), N)
    .map((p) => JSON.stringify(p))
    .join('\n')}\n`,
);
const bin = fileURLToPath(new URL('../packages/cli/bin/icpdesk.js', import.meta.url));

const baselineScript = `
const fs = require('node:fs'); const rl = require('node:readline');
const out = fs.createWriteStream(process.argv[2]);
const r = rl.createInterface({ input: fs.createReadStream(process.argv[1]) });
let buf = [];
r.on('line', (l) => { if (l) buf.push(JSON.stringify(JSON.parse(l)) + '\\n'); if (buf.length >= 512) { out.write(buf.join('')); buf = []; } });
r.on('close', () => { out.end(buf.join('')); });
`;

function wall(label: string, cmd: string, args: string[]): number {
  const t0 = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = performance.now() - t0;
  console.log(
    `${label.padEnd(40)} ${(ms / 1000).toFixed(2)} s  (${(statSync(output).size / 1e6).toFixed(0)} MB out)`,
  );
  return ms;
}

try {
  console.log(`icpdesk batch bench: ${N.toLocaleString('en-US')} lines`);
  const base = wall('baseline: node read/parse/stringify/write', process.execPath, [
    '-e',
    baselineScript,
    input,
    output,
  ]);
  const batch = wall('icpdesk assess --batch', process.execPath, [
    bin,
    'assess',
    '--batch',
    input,
    '--out',
    output,
    '--as-of',
    '2026-11-29',
  ]);
  console.log(`ratio batch / baseline: ${(batch / base).toFixed(1)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
