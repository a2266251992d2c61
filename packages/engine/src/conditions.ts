/**
 * Three-valued evaluation of kb conditions against a profile: yes, no, or unknown when a fact the condition
 * needs is missing. Records the facts it read, so that every conclusion can show them.
 */
import type { Condition, LicenceCode, PermitId } from '@icpdesk/kb';
import type { Profile } from './profile.ts';

export type Tri = 'yes' | 'no' | 'unknown';

export interface Fact {
  /** profile path, e.g. service.channels, or answers.<question> */
  path: string;
  value: unknown;
}

export interface EvalContext {
  profile: Profile;
  coverage: 'single-province' | 'multi-province' | undefined;
  foreignInvested: boolean | undefined;
  licences: ReadonlySet<LicenceCode>;
  permits: ReadonlySet<PermitId>;
}

export interface EvalOut {
  facts: Fact[];
  /** the facts whose absence made a result unknown (profile paths or answers.<question>) */
  missing: string[];
}

function addFact(out: EvalOut, path: string, value: unknown) {
  if (!out.facts.some((f) => f.path === path)) out.facts.push({ path, value });
}

function missing(out: EvalOut, path: string): Tri {
  if (!out.missing.includes(path)) out.missing.push(path);
  return 'unknown';
}

function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'yes';
}

const yn = (b: boolean): Tri => (b ? 'yes' : 'no');

export function evaluate(c: Condition, ctx: EvalContext, out: EvalOut): Tri {
  const { profile } = ctx;
  let r: Tri = 'yes';
  if (c.all) {
    let acc: Tri = 'yes';
    for (const x of c.all) acc = and(acc, evaluate(x, ctx, out));
    r = and(r, acc);
  }
  if (c.any) {
    let acc: Tri = 'no';
    for (const x of c.any) {
      const v = evaluate(x, ctx, out);
      if (v === 'yes') acc = 'yes';
      else if (v === 'unknown' && acc === 'no') acc = 'unknown';
    }
    r = and(r, acc);
  }
  if (c.not) {
    const v = evaluate(c.not, ctx, out);
    r = and(r, v === 'yes' ? 'no' : v === 'no' ? 'yes' : 'unknown');
  }
  if (c.activity) {
    addFact(out, 'service.activities', profile.service.activities);
    r = and(r, yn(profile.service.activities.some((a) => c.activity!.includes(a))));
  }
  if (c.channel) {
    const ch = profile.service.channels;
    if (ch === undefined) r = and(r, missing(out, 'service.channels'));
    else {
      addFact(out, 'service.channels', ch);
      r = and(r, yn(ch.some((x) => c.channel!.includes(x))));
    }
  }
  if (c.channelsOnly) {
    const ch = profile.service.channels;
    if (ch === undefined) r = and(r, missing(out, 'service.channels'));
    else {
      addFact(out, 'service.channels', ch);
      r = and(r, yn(ch.length > 0 && ch.every((x) => c.channelsOnly!.includes(x))));
    }
  }
  if (c.entityType) {
    const t = profile.entity?.type;
    if (t === undefined) r = and(r, missing(out, 'entity.type'));
    else {
      addFact(out, 'entity.type', t);
      r = and(r, yn(t === c.entityType));
    }
  }
  if (c.serverLocation) {
    const s = profile.service.serverLocation;
    if (s === undefined) r = and(r, missing(out, 'service.serverLocation'));
    else {
      addFact(out, 'service.serverLocation', s);
      r = and(r, yn(c.serverLocation.includes(s)));
    }
  }
  if (c.coverage) {
    if (ctx.coverage === undefined) r = and(r, missing(out, 'service.coverage'));
    else {
      addFact(out, 'service.coverage', profile.service.coverage);
      r = and(r, yn(ctx.coverage === c.coverage));
    }
  }
  if (c.foreignInvested !== undefined) {
    if (ctx.foreignInvested === undefined) r = and(r, missing(out, 'entity.foreignSharePercent'));
    else {
      addFact(out, 'entity.foreignSharePercent', profile.entity?.foreignSharePercent);
      r = and(r, yn(ctx.foreignInvested === c.foreignInvested));
    }
  }
  if (c.pilotArea) {
    const p = profile.entity?.pilotArea;
    if (p === undefined) r = and(r, missing(out, 'entity.pilotArea'));
    else {
      addFact(out, 'entity.pilotArea', p);
      r = and(r, yn(p !== null && c.pilotArea.includes(p)));
    }
  }
  if (c.answer) {
    const v = profile.service.answers?.[c.answer.question];
    const path = `answers.${c.answer.question}`;
    if (v === undefined) r = and(r, missing(out, path));
    else {
      addFact(out, path, v);
      r = and(r, yn(v === c.answer.is));
    }
  }
  if (c.licence) r = and(r, yn(c.licence.some((l) => ctx.licences.has(l))));
  if (c.permit) r = and(r, yn(c.permit.some((p) => ctx.permits.has(p))));
  return r;
}
