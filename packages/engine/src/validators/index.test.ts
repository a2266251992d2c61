import { readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as engine from '../index.ts';
import * as v from './index.ts';

const kb = loadKb();
const asOf = '2026-11-29';

const allCodes = new Set<string>([
  ...v.usccCodes,
  ...v.residentIdCodes,
  ...v.phoneCodes,
  ...v.emailCodes,
  ...v.dateCodes,
  ...v.moneyCodes,
  ...v.domainCodes,
  ...v.numberCodes,
  ...v.ipCodes,
]);

const validators: [string, (x: unknown) => v.Validation<unknown>][] = [
  ['validateUscc', v.validateUscc],
  ['validateResidentId', (x) => v.validateResidentId(x, asOf)],
  ['validatePhone', v.validatePhone],
  ['validateEmail', v.validateEmail],
  ['validateDate', (x) => v.validateDate(x, { min: '2000-01-01', max: asOf })],
  ['validateMoney', v.validateMoney],
  ['validateDomain', v.validateDomain],
  ['validateIcpFilingNumber', (x) => v.validateIcpFilingNumber(x, { kb, asOf })],
  ['validateLicenceNumber', (x) => v.validateLicenceNumber(kb, x, asOf)],
  ['validateIcpNumber', (x) => v.validateIcpNumber(x, { kb, asOf })],
  ['validateIp', v.validateIp],
  ['validateMainlandIp', v.validateMainlandIp],
];

function wellFormed(r: v.Validation<unknown>) {
  expect(typeof r.ok).toBe('boolean');
  expect(r.code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/);
  expect(allCodes.has(r.code)).toBe(true);
  expect(r.message.zh.length).toBeGreaterThan(0);
  expect(r.message.en.length).toBeGreaterThan(0);
  if (r.ok) expect(r.value).toBeDefined();
  else expect(r.value).toBeUndefined();
}

describe('no validator throws', () => {
  const inputs = fc.oneof(
    fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      null,
      undefined,
      Number.NaN,
      -0,
      Number.POSITIVE_INFINITY,
      '',
      ' ',
      '\u0000',
      '[',
      '::',
      '.',
    ),
  );
  it.each(validators)('%s on arbitrary input', (_name, fn) => {
    fc.assert(
      fc.property(inputs, (x) => {
        wellFormed(fn(x));
      }),
      { numRuns: 300 },
    );
  });
  it('and not on hostile objects either', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const throwingToString = {
      toString: () => {
        throw new Error('boom');
      },
    };
    for (const [, fn] of validators) {
      wellFormed(fn(hostile));
      wellFormed(fn(throwingToString));
      wellFormed(fn(Object.create(null)));
    }
  });
});

describe('no validator backtracks badly', () => {
  const n = 50_000;
  const hostile = [
    `1${' '.repeat(n)}x`,
    `${'1 '.repeat(n)}x`,
    '<'.repeat(n),
    `<${'a'.repeat(n)}`,
    `${'A1'.repeat(n)}-`,
    `${'1-'.repeat(n)}x`,
    `${'a.'.repeat(n)}`,
    `${'1,'.repeat(n)}1万 x`,
    `粤ICP备${'1'.repeat(n)}号-${'1'.repeat(n)}Q`,
    `${'京'.repeat(n)}B2-${'2'.repeat(n)}`,
    `${'a@'.repeat(n)}`,
    `${'1.'.repeat(n)}/24`,
  ];
  it.each(validators)('%s handles long adversarial input in linear time', (_name, fn) => {
    const t0 = performance.now();
    for (const s of hostile) wellFormed(fn(s));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the validators are part of the engine API', () => {
  it('re-exports them from @icpdesk/engine', () => {
    expect(engine.validateUscc).toBe(v.validateUscc);
    expect(engine.validateMainlandIp).toBe(v.validateMainlandIp);
  });
});

describe('docs/VALIDATORS.md', () => {
  const doc = readFileSync(new URL('../../../../docs/VALIDATORS.md', import.meta.url), 'utf8');
  it('documents every code', () => {
    const missing = [...allCodes].filter((c) => !doc.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });
});
