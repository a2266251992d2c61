import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import {
  expiryRangeOf,
  licenceDates,
  licenceStanding,
  renewalDueFrom,
  renewalLeadDays,
} from './licence-standing.ts';
import { addDays, estimateTimeline } from './timeline.ts';

const kb = loadKb();
const today = '2026-06-01';

describe('licenceDates', () => {
  it('counts days to expiry and the renewal date from the kb lead time', () => {
    const lead = kb.parameterAt('renewal-lead-days', today)?.value as number;
    expect(typeof lead).toBe('number');
    expect(renewalLeadDays(kb, today)).toBe(lead);
    expect(licenceDates(kb, { status: 'active', expiresOn: '2026-06-11' }, today)).toEqual({
      daysToExpiry: 10,
      renewalDueFrom: new Date(Date.parse('2026-06-11') - lead * 86_400_000).toISOString().slice(0, 10),
      standing: 'renewal-due',
    });
    expect(licenceDates(kb, { status: 'active', expiresOn: '2026-05-31' }, today)).toMatchObject({
      daysToExpiry: -1,
      standing: 'expired',
    });
  });

  it('gives no renewal date where the kb has no lead in force', () => {
    expect(renewalLeadDays(kb, '1990-01-01')).toBeNull();
    expect(renewalDueFrom('2026-12-31', null)).toBeNull();
  });
});

describe('licenceStanding', () => {
  it.each([
    ['active, before the renewal date', 'active', '2026-12-31', 90, '2026-06-01', 'in-force'],
    ['active, the day before the renewal date', 'active', '2026-12-31', 90, '2026-10-01', 'in-force'],
    ['active, on the renewal date', 'active', '2026-12-31', 90, '2026-10-02', 'renewal-due'],
    ['active, on the last day', 'active', '2026-12-31', 90, '2026-12-31', 'renewal-due'],
    ['active, the day after expiry', 'active', '2026-12-31', 90, '2027-01-01', 'expired'],
    ['active, no renewal lead in the kb', 'active', '2026-12-31', null, '2026-12-30', 'in-force'],
    ['suspended, whatever the dates', 'suspended', '2026-12-31', 90, '2026-06-01', 'suspended'],
    ['recorded as expired before its date', 'expired', '2026-12-31', 90, '2026-06-01', 'expired'],
    ['revoked after its expiry', 'revoked', '2026-12-31', 90, '2027-06-01', 'revoked'],
  ] as const)('%s', (_name, status, expiresOn, lead, on, expected) => {
    expect(licenceStanding(status, expiresOn, on, lead)).toBe(expected);
  });

  it('puts every expiry date of an active licence in exactly one range, the one its standing names', () => {
    for (const lead of [null, 0, 1, 90]) {
      for (let i = -100; i <= 100; i++) {
        const expiresOn = addDays(today, i);
        const standing = licenceStanding('active', expiresOn, today, lead);
        const holding = (['expired', 'renewal-due', 'in-force'] as const).filter((s) => {
          const r = expiryRangeOf(s, today, lead);
          return (
            r !== null &&
            (r.from === undefined || expiresOn >= r.from) &&
            (r.to === undefined || expiresOn <= r.to)
          );
        });
        expect(holding, `${expiresOn} lead ${lead}`).toEqual([standing]);
      }
    }
  });
});

describe('the timeline', () => {
  it('dates the renewal step with the same lead', () => {
    const t = estimateTimeline(kb, { submitOn: today, asOf: today });
    const expiry = t.steps.find((s) => s.id === 'expiry')!;
    const renewal = t.steps.find((s) => s.id === 'renewal-due')!;
    expect(renewal.expected).toBe(renewalDueFrom(expiry.expected, renewalLeadDays(kb, today)));
  });
});
