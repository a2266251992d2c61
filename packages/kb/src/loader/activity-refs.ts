/** An activity's licence and permit rules: their conditions, subtypes and, for B25, the scope. */
import type * as s from '../schema.ts';
import type { Parsed } from './issues.ts';
import { checkCondition, hasSubtype, type RefContext } from './refs.ts';

export function checkActivityRefs(ctx: RefContext): void {
  for (const { p, a } of ctx.kb.activities) {
    a.licences.forEach((r, i) => {
      checkLicenceRule(ctx, r, i, p);
    });
    a.permits.forEach((r, i) => {
      checkCondition(ctx, r.when, p, ['permits', i, 'when']);
    });
  }
}

function checkLicenceRule(ctx: RefContext, r: s.Activity['licences'][number], i: number, p: Parsed): void {
  checkCondition(ctx, r.when, p, ['licences', i, 'when']);
  if (r.subtype && !hasSubtype(ctx, r.code, r.subtype))
    ctx.issues.add(
      'KB_UNKNOWN_REF',
      p.file,
      ['licences', i, 'subtype'],
      `category ${r.code} has no subtype "${r.subtype}"`,
      p,
    );
  if (r.code === 'B25' && !r.scope)
    ctx.issues.add(
      'KB_SCHEMA',
      p.file,
      ['licences', i, 'scope'],
      'a B25 rule must say its scope: internet or non-internet',
      p,
    );
}
