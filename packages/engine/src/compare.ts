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

/** what an assessment was computed from, for explaining why two results differ */
export interface AssessmentInputs {
  kbVersion: string;
  asOf: string;
}

/**
 * Why the results of two assessments may differ: one line per input that differs (the kb version, the
 * as-of date, the profile fields named in `profileFields`), or one line saying that none does.
 */
export function explainDifference(
  a: AssessmentInputs,
  b: AssessmentInputs,
  profileFields: readonly string[],
): Text[] {
  const lines: Text[] = [];
  if (a.kbVersion !== b.kbVersion)
    lines.push({
      zh: `知识库版本不同（${a.kbVersion} → ${b.kbVersion}）：规则、参数或依据可能已更新，下列差异中不能由日期或档案解释的部分来自知识库的变化。`,
      en: `The knowledge base differs (${a.kbVersion} → ${b.kbVersion}): rules, parameters or sources may have changed; differences not explained by the date or the profile come from it.`,
    });
  if (a.asOf !== b.asOf)
    lines.push({
      zh: `评估基准日不同（${a.asOf} → ${b.asOf}）：各自适用当日有效的规定。`,
      en: `The as-of dates differ (${a.asOf} → ${b.asOf}): each applies the rules in force on its date.`,
    });
  if (profileFields.length)
    lines.push({
      zh: `业务档案有 ${profileFields.length} 处不同：${profileFields.join('、')}。`,
      en: `The profiles differ in ${profileFields.length} field(s): ${profileFields.join(', ')}.`,
    });
  if (!lines.length)
    lines.push({
      zh: '两次评估的知识库版本、基准日和业务档案都相同。',
      en: 'Both assessments used the same knowledge base version, as-of date and profile.',
    });
  return lines;
}
