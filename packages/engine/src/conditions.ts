/**
 * Three-valued evaluation of kb conditions against a profile: yes, no, or unknown when a fact the condition
 * needs is missing. Records the facts it read, so that every conclusion can show them.
 *
 * A condition is compiled once into a closure (cached per condition object) and then run per profile;
 * evaluate() is compile() plus one call.
 */
import type { Condition, LicenceCode, PermitId } from '@icpdesk/kb';
import type { Profile } from './profile.ts';
import type { Fact } from './schemas/common.ts';

export type { Fact };

export type Tri = 'yes' | 'no' | 'unknown';

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

export type Compiled = (ctx: EvalContext, out: EvalOut) => Tri;

function addFact(out: EvalOut, path: string, value: Fact['value'] | undefined) {
  for (const f of out.facts) if (f.path === path) return;
  out.facts.push({ path, value: value ?? null });
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

/** A predicate on one fact: unknown when the fact is missing, otherwise recorded and tested. */
function fact<T extends Fact['value']>(
  path: string,
  read: (ctx: EvalContext) => T | undefined,
  test: (v: T) => boolean,
  shown?: (ctx: EvalContext) => Fact['value'] | undefined,
): Compiled {
  return (ctx, out) => {
    const v = read(ctx);
    if (v === undefined) return missing(out, path);
    addFact(out, path, shown ? shown(ctx) : v);
    return yn(test(v));
  };
}

type Leaves = {
  [K in Exclude<keyof Condition, 'all' | 'any' | 'not'>]-?: (v: NonNullable<Condition[K]>) => Compiled;
};

const leaves: Leaves = {
  activity: (list) => (ctx, out) => {
    addFact(out, 'service.activities', ctx.profile.service.activities);
    return yn(ctx.profile.service.activities.some((a) => list.includes(a)));
  },
  channel: (list) =>
    fact(
      'service.channels',
      (ctx) => ctx.profile.service.channels,
      (ch) => ch.some((x) => list.includes(x)),
    ),
  channelsOnly: (list) =>
    fact(
      'service.channels',
      (ctx) => ctx.profile.service.channels,
      (ch) => ch.length > 0 && ch.every((x) => list.includes(x)),
    ),
  entityType: (t) =>
    fact(
      'entity.type',
      (ctx) => ctx.profile.entity?.type,
      (v) => v === t,
    ),
  serverLocation: (list) =>
    fact(
      'service.serverLocation',
      (ctx) => ctx.profile.service.serverLocation,
      (v) => list.includes(v),
    ),
  userReach: (list) =>
    fact(
      'service.userReach',
      (ctx) => ctx.profile.service.userReach,
      (v) => list.includes(v),
    ),
  coverage: (kind) =>
    fact(
      'service.coverage',
      (ctx) => ctx.coverage,
      (v) => v === kind,
      (ctx) => ctx.profile.service.coverage,
    ),
  foreignInvested: (want) =>
    fact(
      'entity.foreignSharePercent',
      (ctx) => ctx.foreignInvested,
      (v) => v === want,
      (ctx) => ctx.profile.entity?.foreignSharePercent,
    ),
  pilotArea: (list) =>
    fact(
      'entity.pilotArea',
      (ctx) => ctx.profile.entity?.pilotArea,
      (v) => v !== null && list.includes(v),
    ),
  answer: ({ question, is }) =>
    fact(
      `answers.${question}`,
      (ctx) => ctx.profile.service.answers?.[question],
      (v) => v === is,
    ),
  licence: (list) => (ctx) => yn(list.some((l) => ctx.licences.has(l))),
  permit: (list) => (ctx) => yn(list.some((p) => ctx.permits.has(p))),
};

const cache = new WeakMap<Condition, Compiled>();

export function compile(c: Condition): Compiled {
  const hit = cache.get(c);
  if (hit) return hit;
  const parts: Compiled[] = [];
  if (c.all) {
    const subs = c.all.map(compile);
    parts.push((ctx, out) => {
      let acc: Tri = 'yes';
      for (const f of subs) acc = and(acc, f(ctx, out));
      return acc;
    });
  }
  if (c.any) {
    const subs = c.any.map(compile);
    parts.push((ctx, out) => {
      let acc: Tri = 'no';
      for (const f of subs) {
        const v = f(ctx, out);
        if (v === 'yes') acc = 'yes';
        else if (v === 'unknown' && acc === 'no') acc = 'unknown';
      }
      return acc;
    });
  }
  if (c.not) {
    const sub = compile(c.not);
    parts.push((ctx, out) => {
      const v = sub(ctx, out);
      return v === 'yes' ? 'no' : v === 'no' ? 'yes' : 'unknown';
    });
  }
  for (const k of Object.keys(leaves) as (keyof Leaves)[]) {
    const v = c[k];
    // biome-ignore lint/suspicious/noExplicitAny: the key ties the value to its builder
    if (v !== undefined) parts.push((leaves[k] as (v: any) => Compiled)(v));
  }
  // every part is evaluated, so that all missing facts are reported, not only the first
  const f: Compiled =
    parts.length === 1
      ? parts[0]!
      : (ctx, out) => {
          let acc: Tri = 'yes';
          for (const p of parts) acc = and(acc, p(ctx, out));
          return acc;
        };
  cache.set(c, f);
  return f;
}

export function evaluate(c: Condition, ctx: EvalContext, out: EvalOut): Tri {
  return compile(c)(ctx, out);
}

/** Conditions tested against one context; keeps what the last test read. One per assessment, never shared. */
export interface Tester {
  readonly ctx: EvalContext;
  /** 'yes' when there is no condition */
  test(c: Condition | undefined): Tri;
  /** the facts the last test read */
  facts(): Fact[];
  /** the facts whose absence made the last test unknown */
  missing(): string[];
}

export function tester(ctx: EvalContext): Tester {
  // most conditions are false and keep nothing: a fresh record only after one that read something
  let out: EvalOut = { facts: [], missing: [] };
  return {
    ctx,
    test(c) {
      if (out.facts.length || out.missing.length) out = { facts: [], missing: [] };
      return c ? compile(c)(ctx, out) : 'yes';
    },
    // methods, not arrows: a bundle keeping names (the CLI's) would name two new functions per assessment
    facts() {
      return out.facts.slice();
    },
    missing() {
      return out.missing.slice();
    },
  };
}
