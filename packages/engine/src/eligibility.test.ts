import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { permitsIn, unobtainable } from './eligibility.ts';
import type { Check } from './schemas/assessment.ts';

const kb = loadKb();

describe('foreign-investment prohibitions', () => {
  it('cover exactly the permits flagged as closed to foreign investment', () => {
    const covered = new Set(kb.foreignProhibitions.flatMap((p) => permitsIn(p.when)));
    const flagged = [...kb.permits.values()].filter((p) => p.foreignProhibited).map((p) => p.id);
    expect([...covered].sort()).toEqual(flagged.sort());
  });
});

const check = (over: Partial<Check>): Check => ({
  id: 'foreign-share',
  name: { zh: 'x', en: 'x' },
  status: 'met',
  required: null,
  actual: null,
  rule: 'r',
  facts: [],
  sources: [],
  confidence: 'high',
  ...over,
});

describe('unobtainable', () => {
  it('blocks every licence when a check of the applicant itself is unmet, one code when its cap is', () => {
    expect(unobtainable([check({ id: 'company-form', status: 'unmet' })]).all).toBe(true);
    const capped = unobtainable([check({ subject: 'B25', status: 'unmet' }), check({ subject: 'B21' })]);
    expect(capped.all).toBe(false);
    expect([...capped.codes]).toEqual(['B25']);
  });

  it('does not block a licence because the business is closed to foreign investment', () => {
    const u = unobtainable([check({ subject: 'online-game-operation', status: 'unmet' })]);
    expect(u.all).toBe(false);
    expect(u.codes.size).toBe(0);
  });

  it('does not block on capital alone or on unknown checks', () => {
    const u = unobtainable([
      check({ id: 'registered-capital', status: 'unmet' }),
      check({ id: 'mainland-hosting', status: 'unknown' }),
    ]);
    expect(u.all).toBe(false);
    expect(u.codes.size).toBe(0);
  });
});
