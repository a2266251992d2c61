/**
 * The engine's results are sent with plain JSON.stringify (contract.ts, typedOutput), or as the same bytes
 * written by jsonBytes (the full assessment: json-bytes.ts), not re-encoded by
 * their zod schemas. This is the proof that nothing changes by it: over many generated profiles and dates
 * (fast-check, fixed seed), the example profiles and every rule case, an assessment and its summary, and
 * the checklist of every licence and procedure, are the same JSON values as their schema encoding (no field
 * the schema does not list, no value it refuses). And the route sends exactly JSON.stringify of the result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  type Assessment,
  assess,
  assessmentFrame,
  assessmentIn,
  assessmentSchema,
  assessmentSummarySchema,
  checklist,
  checklistSchema,
  localisedAssessmentSchema,
  parseProfile,
  summarize,
} from '@icpdesk/engine';
import { loadKb, procedure as procedures } from '@icpdesk/kb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildApp } from './app.ts';
import { jsonBytes } from './json-bytes.ts';

const kb = loadKb();
const provinces = [...kb.authorities.values()].filter((a) => a.kind === 'provincial-ca').map((a) => a.id);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** a valid profile in which any fact but the activities may be missing */
const profileArb = fc
  .record({
    entity: optional(
      fc.record(
        {
          type: fc.constantFrom('company', 'individual'),
          registeredProvince: fc.constantFrom(...provinces),
          pilotArea: fc.constantFrom('beijing', 'shanghai', 'hainan', 'shenzhen', null),
          registeredCapitalCny: fc.constantFrom(0, 500_000, 1_000_000, 10_000_000, 100_000_000),
          foreignSharePercent: fc.constantFrom(0, 10, 49, 50, 51, 100),
          onCreditBlacklist: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    ),
    service: fc.record(
      {
        coverage: fc.oneof(
          fc.constant(['nationwide']),
          fc.uniqueArray(fc.constantFrom(...provinces), { minLength: 1, maxLength: 3 }),
        ),
        activities: fc.uniqueArray(fc.constantFrom(...kb.activities.keys()), { minLength: 1, maxLength: 4 }),
        serverLocation: fc.constantFrom('mainland', 'hong-kong-macau-taiwan', 'overseas'),
        channels: fc.uniqueArray(fc.constantFrom('website', 'app', 'mini-program'), { maxLength: 3 }),
        answers: fc.dictionary(fc.constantFrom(...kb.questions.keys()), fc.boolean(), { maxKeys: 6 }),
      },
      { requiredKeys: ['activities'] },
    ),
  })
  .map(({ entity, service }) => (entity ? { entity, service } : { service }));

const dateArb = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** the same JSON value as the schema's encoding, which must succeed */
function sameAsEncoded(schema: z.ZodType, value: unknown, label: string) {
  const encoded = z.safeEncode(schema, value);
  if (encoded.error) throw new Error(`${label}: ${JSON.stringify(encoded.error.issues.slice(0, 2))}`);
  const plain = JSON.parse(JSON.stringify(value));
  if (!isDeepStrictEqual(plain, JSON.parse(JSON.stringify(encoded.data))))
    expect(plain, label).toEqual(JSON.parse(JSON.stringify(encoded.data)));
}

function assessed(raw: unknown, asOf: string, submitOn = asOf): Assessment {
  const p = parseProfile(kb, raw);
  if (!p.ok) throw new Error(`invalid profile: ${p.issues[0]?.message.en}`);
  return assess(kb, p.profile, { asOf, submitOn });
}

/** POST /api/v1/assess writes a full result with jsonBytes: the bytes of JSON.stringify, kb parts kept */
const assessmentBytes = jsonBytes(kb);
/** and with `lang`, the frame (penalties by id) with its texts written in one language */
const inLanguage = { zh: jsonBytes(kb, 'zh'), en: jsonBytes(kb, 'en') };

function checkAll(a: Assessment, label: string) {
  sameAsEncoded(assessmentSchema, a, `${label} assessment`);
  sameAsEncoded(assessmentSummarySchema, summarize(a), `${label} summary`);
  const json = JSON.stringify(a);
  if (assessmentBytes(a).toString('utf8') !== json)
    expect(assessmentBytes(a).toString('utf8'), `${label} bytes`).toBe(json);
  for (const lang of ['zh', 'en'] as const) {
    const localised = assessmentIn(a, lang);
    sameAsEncoded(localisedAssessmentSchema, localised, `${label} ${lang}`);
    const written = inLanguage[lang](assessmentFrame(a, lang)).toString('utf8');
    if (written !== JSON.stringify(localised))
      expect(written, `${label} ${lang} bytes`).toBe(JSON.stringify(localised));
  }
}

describe('engine results sent as JSON.stringify makes them', () => {
  it('equal their schema encoding, for generated profiles and dates', () => {
    fc.assert(
      fc.property(profileArb, dateArb, (raw, asOf) => checkAll(assessed(raw, asOf), JSON.stringify(raw))),
      { seed: 20261207, numRuns: 200 },
    );
  });

  it('equal their schema encoding: the checklists of every licence and procedure, over the years', () => {
    for (const asOf of ['2016-06-01', '2021-01-01', '2026-11-29'])
      for (const code of kb.categories.keys())
        for (const procedure of procedures.options) {
          const list = checklist(kb, { licence: code, procedure, asOf });
          sameAsEncoded(checklistSchema, list, `${code} ${procedure} ${asOf}`);
        }
  });

  it('equal their schema encoding, for the example profiles and every rule case', () => {
    const examples = new URL('../../../../examples/profiles/', import.meta.url);
    for (const f of readdirSync(examples))
      checkAll(assessed(parse(readFileSync(new URL(f, examples), 'utf8')), '2026-11-29'), f);
    const cases = new URL('../../../engine/test/cases/', import.meta.url);
    for (const f of readdirSync(cases).filter((n) => n.endsWith('.yaml'))) {
      const c = parse(readFileSync(new URL(f, cases), 'utf8')) as {
        asOf: string;
        submitOn?: string;
        profile: unknown;
      };
      checkAll(assessed(c.profile, c.asOf, c.submitOn), f);
    }
  });

  it('POST /api/v1/assess sends exactly JSON.stringify of the result: full, in one language and summary', async () => {
    const app = await buildApp({ kb, rateLimitPerMinute: false });
    const profile = { service: { activities: ['online-advertising', 'cdn'], coverage: ['CN-GD'] } };
    const a = assessed(profile, '2026-11-29');
    for (const [query, expected] of [
      ['', a],
      ['&lang=zh', assessmentIn(a, 'zh')],
      ['&lang=en&detail=full', assessmentIn(a, 'en')],
      ['&detail=summary', summarize(a)],
      ['&detail=summary&lang=en', summarize(a)],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/assess?asOf=2026-11-29${query}`,
        payload: profile,
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(JSON.stringify(expected));
    }
    await app.close();
  });
});
