/**
 * In-process assess() throughput over 100,000 generated profiles, against the floor of JSON.parse +
 * JSON.stringify of the same profiles, measured in the same run. Prints profiles/s and the ratio.
 * Run: npm run bench (not a test: numbers are reported, never asserted).
 */
import { assess, type Profile, parseProfile } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { generateProfiles } from './generate.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const asOf = '2026-11-29';
const kb = loadKb();
const raw = generateProfiles(kb, N);
const lines = raw.map((p) => JSON.stringify(p));
const profiles: Profile[] = raw.map((p) => {
  const r = parseProfile(kb, p);
  if (!r.ok) throw new Error(`generated profile invalid: ${r.issues[0]?.message.en}`);
  return r.profile;
});

function time(label: string, fn: () => number): number {
  fn(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const sink = fn();
    runs.push(performance.now() - t0);
    if (sink < 0) console.log(sink);
  }
  const best = Math.min(...runs);
  console.log(
    `${label.padEnd(34)} ${best.toFixed(0).padStart(6)} ms  ${Math.round((N / best) * 1000)
      .toLocaleString('en-US')
      .padStart(10)} profiles/s`,
  );
  return best;
}

console.log(
  `icpdesk bench: ${N.toLocaleString('en-US')} profiles, kb ${kb.version}, node ${process.version}`,
);
const floor = time('floor: JSON.parse + stringify', () => {
  let n = 0;
  for (const l of lines) n += JSON.stringify(JSON.parse(l)).length;
  return n;
});
const onlyAssess = time('assess (validated profiles)', () => {
  let n = 0;
  for (const p of profiles) n += assess(kb, p, { asOf }).licences.length;
  return n;
});
const full = time('parse + validate + assess', () => {
  let n = 0;
  for (const l of lines) {
    const r = parseProfile(kb, JSON.parse(l));
    if (r.ok) n += assess(kb, r.profile, { asOf }).licences.length;
  }
  return n;
});
const withOut = time('… + JSON.stringify(result)', () => {
  let n = 0;
  for (const l of lines) {
    const r = parseProfile(kb, JSON.parse(l));
    if (r.ok) n += JSON.stringify(assess(kb, r.profile, { asOf })).length;
  }
  return n;
});
console.log(`ratio assess / floor:                ${(onlyAssess / floor).toFixed(1)}×`);
console.log(`ratio parse+validate+assess / floor: ${(full / floor).toFixed(1)}×`);
console.log(`ratio with result stringify / floor: ${(withOut / floor).toFixed(1)}×`);
