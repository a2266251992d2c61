import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parseProfile, suggestActivity } from './profile.ts';

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
