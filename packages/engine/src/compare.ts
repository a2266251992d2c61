/**
 * What-if: the difference between the assessments of two profiles — what becomes required, what is no
 * longer required, which checks change.
 */
import type { Kb, Text } from '@icpdesk/kb';
import { type AssessOptions, assess } from './assess.ts';
import type { Profile } from './profile.ts';
import type { Assessment } from './schemas/assessment.ts';
import type { Change, Comparison } from './schemas/comparison.ts';

export type { Change, Comparison };

function diff<T>(
  a: T[],
  b: T[],
  key: (x: T) => string,
  state: (x: T) => string,
  name: (x: T) => Text,
): { added: Change[]; removed: Change[]; changed: Change[] } {
  const ma = new Map(a.map((x) => [key(x), x]));
  const mb = new Map(b.map((x) => [key(x), x]));
  const added: Change[] = [];
  const removed: Change[] = [];
  const changed: Change[] = [];
  for (const [k, x] of mb) {
    const old = ma.get(k);
    if (!old) added.push({ key: k, name: name(x), before: null, after: state(x) });
    else if (state(old) !== state(x))
      changed.push({ key: k, name: name(x), before: state(old), after: state(x) });
  }
  for (const [k, x] of ma)
    if (!mb.has(k)) removed.push({ key: k, name: name(x), before: state(x), after: null });
  return { added, removed, changed };
}

export function diffAssessments(a: Assessment, b: Assessment): Comparison {
  const licences = diff(
    a.licences,
    b.licences,
    (l) => (l.scope ? `${l.code}:${l.scope}` : l.code),
    (l) => `${l.requirement}@${l.authority ?? '?'}`,
    (l) => l.name,
  );
  const otherPermits = diff(
    a.otherPermits,
    b.otherPermits,
    (p) => p.id,
    (p) => p.requirement,
    (p) => p.name,
  );
  const filings = diff(
    a.filings,
    b.filings,
    (f) => f.kind,
    (f) => `${f.requirement}/${f.variant}`,
    (f) => f.name,
  );
  const ck = (c: Assessment['eligibility']['checks'][number]) => (c.subject ? `${c.id}:${c.subject}` : c.id);
  const checkDiff = diff(
    a.eligibility.checks,
    b.eligibility.checks,
    ck,
    (c) => c.status,
    (c) => c.name,
  );
  const checks = [...checkDiff.added, ...checkDiff.removed, ...checkDiff.changed];
  const ids = (x: { id: string }[]) => new Set(x.map((p) => p.id));
  const pa = ids(a.pitfalls);
  const pb = ids(b.pitfalls);
  const qa = ids(a.questions);
  const qb = ids(b.questions);
  const pitfalls = { added: [...pb].filter((x) => !pa.has(x)), removed: [...pa].filter((x) => !pb.has(x)) };
  const questions = { added: [...qb].filter((x) => !qa.has(x)), removed: [...qa].filter((x) => !qb.has(x)) };
  const count = (d: { added: unknown[]; removed: unknown[]; changed?: unknown[] }) =>
    d.added.length + d.removed.length + (d.changed?.length ?? 0);
  const same =
    count(licences) +
      count(otherPermits) +
      count(filings) +
      checks.length +
      count(pitfalls) +
      count(questions) ===
      0 &&
    a.eligibility.eligible === b.eligibility.eligible &&
    a.authority.id === b.authority.id;
  return {
    asOf: b.asOf,
    kbVersion: b.kbVersion,
    licences,
    otherPermits,
    filings,
    checks,
    eligible: { before: a.eligibility.eligible, after: b.eligibility.eligible },
    authority: { before: a.authority.id, after: b.authority.id },
    pitfalls,
    questions,
    same,
  };
}

export function compare(kb: Kb, a: Profile, b: Profile, opts: AssessOptions): Comparison {
  return diffAssessments(assess(kb, a, opts), assess(kb, b, opts));
}
