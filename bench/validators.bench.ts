/**
 * Validator throughput: unified social credit codes per second, against the floor of a plain
 * /^[0-9A-Z]{18}$/ test over the same inputs, measured in the same run, with the ratio; resident IDs and
 * domain names for context. Inputs are generated (deterministic), valid ones with 10% single-character typos.
 * Run: node --import tsx bench/validators.bench.ts (not a test: numbers are reported, never asserted).
 */
import {
  buildResidentId,
  buildUscc,
  isUscc,
  PROVINCE_CODES,
  USCC_ALPHABET,
  usccRegistrationAuthorities,
  validateDomain,
  validateResidentId,
  validateUscc,
} from '../packages/engine/src/validators/index.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const asOf = '2026-11-29';

// mulberry32: small, deterministic, good enough for test data
let seed = 20261129;
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
const digits = (k: number) => Array.from({ length: k }, () => rand(10)).join('');
const typo = (s: string, alphabet: string) => {
  const i = rand(s.length);
  return s.slice(0, i) + alphabet[rand(alphabet.length)] + s.slice(i + 1);
};

const pairs = Object.entries(usccRegistrationAuthorities).flatMap(([a, e]) =>
  Object.keys(e.types).map((t) => a + t),
);
const provinces = [...PROVINCE_CODES];
const DISTINCT = 100_000;

const usccs = Array.from({ length: DISTINCT }, () => {
  const pair = pick(pairs);
  const code = buildUscc({
    registrationAuthority: pair[0]!,
    entityType: pair[1]!,
    divisionCode: pick(provinces) + digits(4),
    organisationBody: Array.from({ length: 8 }, () => USCC_ALPHABET[rand(31)]).join(''),
  })!;
  return rand(10) === 0 ? typo(code, USCC_ALPHABET) : code;
});
const ids = Array.from({ length: DISTINCT }, () => {
  const y = 1930 + rand(90);
  const m = 1 + rand(12);
  const d = 1 + rand(28);
  const id = buildResidentId({
    regionCode: pick(provinces) + digits(4),
    birthDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    sequence: digits(3),
  })!;
  return rand(10) === 0 ? typo(id, '0123456789') : id;
});
const suffixes = ['cn', 'com', 'com.cn', 'net.cn', 'org', 'io', 'xn--fiqs8s', 'co.uk', 'gov.cn'];
const domains = Array.from(
  { length: DISTINCT },
  (_, i) => `${rand(3) === 0 ? 'www.' : ''}site${i}.${pick(suffixes)}`,
);

function time(label: string, inputs: readonly string[], count: number, fn: (s: string) => boolean): number {
  const run = () => {
    let ok = 0;
    for (let i = 0; i < count; i++) if (fn(inputs[i % inputs.length]!)) ok++;
    return ok;
  };
  run(); // warm-up
  const runs: number[] = [];
  let ok = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    ok = run();
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  const perSecond = (count / best) * 1000;
  console.log(
    `${label.padEnd(44)} ${best.toFixed(0).padStart(6)} ms  ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s  (${((ok / count) * 100).toFixed(0)}% valid)`,
  );
  return perSecond;
}

console.log(
  `icpdesk validators bench: ${N.toLocaleString('en-US')} validations each, node ${process.version}`,
);
const plain = /^[0-9A-Z]{18}$/;
const floor = time('baseline /^[0-9A-Z]{18}$/.test', usccs, N, (s) => plain.test(s));
const full = time('validateUscc (result object, details)', usccs, N, (s) => validateUscc(s).ok);
const fast = time('isUscc (boolean, no allocation)', usccs, N, isUscc);
time('validateResidentId', ids, N, (s) => validateResidentId(s, asOf).ok);
time(
  'validateDomain (IDNA + Public Suffix List)',
  domains,
  Math.min(N, 200_000),
  (s) => validateDomain(s).ok,
);
console.log(
  `validateUscc / baseline: ${(full / floor).toFixed(2)}×   isUscc / baseline: ${(fast / floor).toFixed(2)}×`,
);
