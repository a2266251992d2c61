/** Where an assessment cites sources: every list of citations in it, in the order of the result. */
import type { SourceRef } from '@icpdesk/kb';
import type { Assessment, Reason } from './schemas/assessment.ts';
import type { ParameterUse } from './schemas/common.ts';

type Lists = (readonly SourceRef[])[];

function params(out: Lists, ps: readonly ParameterUse[] | undefined): void {
  if (ps) for (const p of ps) out.push(p.sources);
}

function reasons(out: Lists, rs: readonly Reason[]): void {
  for (const r of rs) {
    out.push(r.sources);
    params(out, r.parameters);
  }
}

/** plain loops into one array: this runs for every assessment, and generators cost more here */
export function citedIn(a: Omit<Assessment, 'sources'>): Lists {
  const out: Lists = [];
  for (const l of a.licences) reasons(out, l.reasons);
  for (const u of a.undetermined) out.push(u.sources);
  for (const f of a.filings) {
    if (f.processing) out.push(f.processing.sources);
    if (f.deadline) out.push(f.deadline.sources);
    reasons(out, f.reasons);
  }
  for (const p of a.otherPermits) reasons(out, p.reasons);
  for (const c of a.eligibility.checks) {
    params(out, c.parameters);
    out.push(c.sources);
  }
  reasons(out, a.authority.reasons);
  for (const n of a.notPermitted) out.push(n.sources);
  for (const p of a.pitfalls) {
    out.push(p.sources);
    for (const x of p.penalties ?? []) out.push(x.sources);
  }
  for (const n of a.numbers ?? []) out.push(n.sources);
  for (const r of a.numberRules ?? []) out.push(r.sources);
  for (const f of a.fees ?? []) out.push(f.sources);
  for (const s of a.timeline?.steps ?? []) params(out, s.parameters);
  return out;
}
