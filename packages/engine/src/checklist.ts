/**
 * checklist(): the materials an application needs — for a licence, a procedure and (optionally) an applicant
 * profile, as of a date — each with why it applies, its format, who provides it and its source.
 */
import { inForce, type Kb, type LicenceCode, type PermitId, type Procedure } from '@icpdesk/kb';
import { assess, coverageKind } from './assess.ts';
import { compile, type EvalContext, type EvalOut } from './conditions.ts';
import type { Profile } from './profile.ts';
import type { Checklist, ChecklistItem } from './schemas/checklist.ts';
import { sourceBook } from './source-book.ts';

export type { Checklist, ChecklistItem };

export interface ChecklistOptions {
  licence: LicenceCode;
  scope?: 'internet' | 'non-internet';
  procedure: Procedure;
  profile?: Profile;
  asOf: string;
  /** the required permits of the profile's assessment, when the caller has already assessed it */
  permits?: PermitId[];
}

const emptyProfile: Profile = { service: { activities: [] } };

export function checklist(kb: Kb, o: ChecklistOptions): Checklist {
  const profile = o.profile ?? emptyProfile;
  const permits: PermitId[] = o.permits
    ? o.permits
    : o.profile
      ? assess(kb, o.profile, { asOf: o.asOf })
          .otherPermits.filter((p) => p.requirement === 'required')
          .map((p) => p.id)
      : [];
  const share = profile.entity?.foreignSharePercent;
  const ctx: EvalContext = {
    profile,
    coverage: coverageKind(profile),
    foreignInvested: share === undefined ? undefined : share > 0,
    licences: new Set([o.licence]),
    permits: new Set(permits),
  };
  const items: ChecklistItem[] = [];
  for (const m of kb.materials) {
    if (!inForce(m.effective, o.asOf) || !m.procedures.includes(o.procedure)) continue;
    if (m.licences && !m.licences.includes(o.licence)) continue;
    const out: EvalOut = { facts: [], missing: [] };
    const v = m.when ? compile(m.when)(ctx, out) : 'yes';
    if (v === 'no') continue;
    const item: ChecklistItem = {
      id: m.id,
      name: m.name,
      description: m.description,
      basis: m.basis,
      format: m.format,
      providedBy: m.providedBy,
      documentKind: m.documentKind,
      fileTypes: m.fileTypes,
      deferrable: m.deferrable ?? false,
      applies: v,
      facts: out.facts,
      missing: v === 'unknown' ? out.missing : [],
      sources: m.sources,
      confidence: m.confidence,
    };
    if (m.alternative) item.alternative = m.alternative;
    if (m.note) item.note = m.note;
    items.push(item);
  }
  // statutory first, then practice; keep the kb's order within each
  items.sort((a, b) => (a.basis === b.basis ? 0 : a.basis === 'statutory' ? -1 : 1));
  const result: Checklist = {
    asOf: o.asOf,
    kbVersion: kb.version,
    licence: o.licence,
    procedure: o.procedure,
    items,
    permits,
    sources: sourceBook(
      kb,
      items.map((i) => i.sources),
    ),
  };
  if (o.scope) result.scope = o.scope;
  return result;
}
