import { loadKb } from '@icpdesk/kb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksValid, parseProfile, profileSchema, suggestActivity } from './profile.ts';

const kb = loadKb();

describe('parseProfile', () => {
  it('accepts the contract profile', () => {
    const r = parseProfile(kb, {
      entity: {
        type: 'company',
        name: '深圳某科技有限公司',
        registeredProvince: 'CN-GD',
        pilotArea: null,
        registeredCapitalCny: 1_000_000,
        foreignSharePercent: 0,
        onCreditBlacklist: false,
      },
      service: {
        coverage: ['CN-GD'],
        activities: ['online-advertising'],
        serverLocation: 'mainland',
        channels: ['website'],
      },
    });
    expect(r.ok).toBe(true);
  });
  it('names the field, the value and the valid values', () => {
    const r = parseProfile(kb, { entity: { type: 'person' }, service: { activities: ['saas'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({
      code: 'PROFILE_NOT_ONE_OF',
      path: 'entity.type',
      value: 'person',
      validValues: ['company', 'individual'],
    });
    expect(r.issues[0]!.message.en).toBe('entity.type is "person"; valid values are: company, individual');
  });
  it('suggests the nearest activity id', () => {
    const r = parseProfile(kb, { service: { activities: ['live-streming-tipping'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({
      code: 'PROFILE_UNKNOWN_ACTIVITY',
      path: 'service.activities[0]',
      suggestion: 'live-streaming-tipping',
    });
  });
  it('maps a Chinese alias to the activity', () => {
    expect(suggestActivity(kb, '网约车')).toBe('ride-hailing');
  });
  it('rejects unknown fields, listing the allowed ones', () => {
    const r = parseProfile(kb, { service: { activities: ['saas'], activites: [] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.code).toBe('PROFILE_UNKNOWN_FIELD');
    expect(r.issues[0]?.path).toBe('service.activites');
    expect(r.issues[0]?.validValues).toContain('activities');
  });
  it('requires the activities', () => {
    const r = parseProfile(kb, { entity: { type: 'company' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'PROFILE_MISSING_FIELD', path: 'service' });
  });
  it('rejects a province code that does not exist', () => {
    const r = parseProfile(kb, { service: { activities: ['saas'], coverage: ['CN-XX'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'PROFILE_NOT_ONE_OF', path: 'service.coverage[0]' });
  });
  it('never throws on garbage', () => {
    for (const x of [null, 42, 'text', [], { service: null }, { service: { activities: 'saas' } }])
      expect(parseProfile(kb, x).ok).toBe(false);
  });
});

describe('looksValid (the fast path) accepts only what the schema accepts', () => {
  const anyValue = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer({ min: -10, max: 200 }),
    fc.string({ maxLength: 6 }),
    fc.constantFrom(
      'company',
      'individual',
      'CN-GD',
      'CN-gd',
      'nationwide',
      'mainland',
      'app',
      'beijing',
      'saas',
    ),
    fc.array(fc.constantFrom('CN-GD', 'nationwide', 'website', 'x', 1), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b'), fc.oneof(fc.boolean(), fc.integer()), { maxKeys: 2 }),
  );
  // mostly valid values, sometimes anything: near the boundary of the schema
  const v = <T>(good: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: anyValue });
  const extra = fc.oneof(
    { weight: 9, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.record({ extra: anyValue }) },
  );
  const entity = fc
    .tuple(
      fc.record(
        {
          type: v(fc.constantFrom('company', 'individual')),
          name: v(fc.string()),
          registeredProvince: v(fc.constantFrom('CN-GD', 'CN-BJ')),
          pilotArea: v(fc.constantFrom(null, 'beijing', 'shenzhen')),
          registeredCapitalCny: v(fc.integer({ min: 0, max: 1e8 })),
          foreignSharePercent: v(fc.double({ min: 0, max: 100, noNaN: true })),
          onCreditBlacklist: v(fc.boolean()),
        },
        { requiredKeys: [] },
      ),
      extra,
    )
    .map(([a, b]) => ({ ...a, ...b }));
  const service = fc
    .tuple(
      fc.record(
        {
          coverage: v(fc.constantFrom(['nationwide'], ['CN-GD', 'CN-SH'])),
          activities: v(fc.constantFrom(['saas'], ['cdn', 'x'])),
          serverLocation: v(fc.constantFrom('mainland', 'overseas')),
          channels: v(fc.constantFrom(['website', 'app'], [])),
          answers: v(fc.dictionary(fc.string({ maxLength: 4 }), fc.boolean(), { maxKeys: 3 })),
        },
        { requiredKeys: ['activities'] },
      ),
      extra,
    )
    .map(([a, b]) => ({ ...a, ...b }));
  const profile = fc
    .tuple(
      fc.record(
        { id: v(fc.oneof(fc.string(), fc.integer())), entity: v(entity), service: v(service) },
        { requiredKeys: ['service'] },
      ),
      extra,
    )
    .map(([a, b]) => ({ ...a, ...b }));

  it('never says valid where zod says invalid, and agrees on most valid input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(profile, (p) => {
        if (looksValid(p)) {
          accepted++;
          expect(profileSchema.safeParse(p).success).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
