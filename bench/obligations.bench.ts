/**
 * Obligations for 100,000 licences in the engine (goal: under 1 s), against a baseline over the same input
 * measured in the same run: a plain loop that reads every licence's dates and counts its renewal day and its
 * years held, without rules, calendar or output. Each licence has a company, a mid-year issue date, its
 * annual-report records for most years, and every tenth company a rename event; the obligations come back
 * with their statuses, windows and sources. Numbers are printed, never asserted.
 * Run: node --import tsx bench/obligations.bench.ts (BENCH_N to change the count).
 */

import { obligations } from '../packages/engine/src/index.ts';
import type { ObligationsInput } from '../packages/engine/src/schemas/obligations.ts';
import { loadKb } from '../packages/kb/src/index.ts';
import { rng } from './generate.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const asOf = '2026-12-07';

const random = rng(20261207);
const rand = (n: number) => (random() * n) | 0;
const pad = (n: number) => String(n).padStart(2, '0');

function input(): ObligationsInput {
  const licences: NonNullable<ObligationsInput['licences']> = [];
  const annualReports: NonNullable<ObligationsInput['annualReports']> = [];
  const events: NonNullable<ObligationsInput['events']> = [];
  for (let i = 0; i < N; i++) {
    const y = 2022 + rand(5);
    const issuedOn = `${y}-${pad(1 + rand(12))}-${pad(1 + rand(28))}`;
    const expiresOn = `${y + 5}${issuedOn.slice(4)}`;
    const company = `c${i >> 1}`;
    licences.push({
      id: `l${i}`,
      company,
      number: `京B2-${y}${String(i).padStart(4, '0')}`,
      issuedOn,
      expiresOn,
    });
    for (let r = y; r < 2026; r++)
      if (rand(10) < 8)
        annualReports.push({ licence: `l${i}`, year: r, submittedOn: `${r + 1}-03-${pad(1 + rand(28))}` });
    if (i % 20 === 0) events.push({ id: `e${i}`, company, kind: 'name', on: `2026-${pad(1 + rand(11))}-15` });
  }
  return { licences, annualReports, events, asOf };
}

/** the floor: every licence's dates read and its renewal day and years held counted, nothing else */
function baseline(inp: ObligationsInput): number {
  let n = 0;
  for (const l of inp.licences ?? []) {
    const renew = Date.parse(`${l.expiresOn}T00:00:00Z`) - 90 * 86_400_000;
    const years = Number(asOf.slice(0, 4)) - Number(l.issuedOn.slice(0, 4));
    if (renew > 0) n += years + 2;
  }
  for (const r of inp.annualReports ?? []) if (r.submittedOn <= asOf) n++;
  return n;
}

const time = <T>(fn: () => T) => {
  const t = performance.now();
  const out = fn();
  return { ms: performance.now() - t, out };
};

const kb = loadKb();
const data = input();
obligations(kb, { ...data, licences: data.licences!.slice(0, 1000) }); // warm-up
baseline(data);

// one result is kept at a time: holding three would measure the garbage collector, not the engine
let result = obligations(kb, data);
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const r = time(() => obligations(kb, data));
  runs.push(r.ms);
  result = r.out;
}
const base = [0, 1, 2].map(() => time(() => baseline(data)).ms);
const best = Math.min(...runs);
const floor = Math.min(...base);
const byStatus: Record<string, number> = {};
for (const o of result.obligations) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
console.log(
  `obligations: ${N.toLocaleString('en')} licences, ${data.annualReports!.length.toLocaleString('en')} annual-report records, ${data.events!.length.toLocaleString('en')} events → ${result.obligations.length.toLocaleString('en')} obligations`,
);
console.log(`  by status: ${JSON.stringify(byStatus)}`);
console.log(`  engine   best of 3: ${best.toFixed(0)} ms (goal < 1000 ms)`);
console.log(`  baseline best of 3: ${floor.toFixed(1)} ms (plain loop over the same input)`);
console.log(`  ratio engine / baseline: ${(best / floor).toFixed(0)}×`);
