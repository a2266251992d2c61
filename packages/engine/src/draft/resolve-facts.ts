/**
 * The values of the catalogue's facts (kb/templates/facts.yaml) from what icpdesk knows of an applicant, as
 * plain data in the shape of an application package's manifest (application.yaml: applicant, licence,
 * coverage, staff, domains, servers …) plus what no manifest field holds: the contacts, the authority and
 * facts given by id. The catalogue says where each fact lives (`manifest`: a path in that shape); a few are
 * written out from the kb (the licence's full name, province, activity and authority names) or computed
 * from the shareholder tree (shareholder-facts.ts). The store builds the
 * subject from its rows (company, shareholders, register, application); the CLI reads it from a file.
 */
import type { Kb, TemplateFact } from '@icpdesk/kb';
import { shareholderFacts } from './shareholder-facts.ts';
import type { FactValue, FactValues } from './values.ts';

export interface DraftContact {
  name: string;
  role?: string;
  phone?: string;
  email?: string;
}

/** an applicant as the manifest describes one (every part optional), and the rest */
export interface DraftSubject {
  applicant?: Record<string, unknown>;
  licence?: { code?: string; scope?: string; procedure?: string };
  coverage?: readonly string[];
  [key: string]: unknown;
  contacts?: readonly DraftContact[];
  /** the authority applied to (MIIT or a province code) */
  authority?: string | null;
  /** values by fact id, for facts no stored field holds (origin user); they win over the derived ones */
  facts?: Readonly<Record<string, FactValue>>;
}

/**
 * the value at a dotted manifest path, e.g. applicant.legalRepresentative.name; `key[]` maps the rest of the
 * path over a list (domains[].name: every domain's name)
 */
function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const [i, segment] of path.entries()) {
    if (v === null || typeof v !== 'object') return undefined;
    const each = segment.endsWith('[]');
    v = (v as Record<string, unknown>)[each ? segment.slice(0, -2) : segment];
    if (each)
      return Array.isArray(v)
        ? v.map((x) => at(x, path.slice(i + 1))).filter((x) => x !== null && x !== undefined)
        : undefined;
  }
  return v;
}

/** a value read from the subject, if it fits the fact's type */
function asFact(f: TemplateFact, v: unknown): FactValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (f.type === 'list' || f.type === 'table') return Array.isArray(v) ? (v as FactValue) : undefined;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return undefined;
}

const provinceName = (kb: Kb, code: string) =>
  code === 'nationwide' ? '全国' : (kb.authorities.get(code)?.region?.zh ?? code);

/** the facts written out from the kb rather than copied */
function derived(kb: Kb, s: DraftSubject): Record<string, FactValue | undefined> {
  const out: Record<string, FactValue | undefined> = {};
  const code = s.licence?.code;
  const category = code ? kb.categories.get(code as never) : undefined;
  if (category) {
    const scope = category.scopes?.find((x) => x.id === s.licence?.scope);
    const kind = category.class === 'B1' ? '第一类增值电信业务' : '第二类增值电信业务';
    out['application.licence'] = `${kind}中的${scope ? scope.name.zh : category.name.zh}`;
  }
  if (s.coverage?.length) out['application.coverage'] = s.coverage.map((c) => provinceName(kb, c)).join('、');
  if (Array.isArray(s.activities) && s.activities.length)
    out['application.activities'] = s.activities.map(
      (a) => kb.activities.get(String(a))?.name.zh ?? String(a),
    );
  Object.assign(out, shareholderFacts(s.applicant?.shareholders));
  if (s.authority) out['application.authority'] = kb.authorities.get(s.authority)?.name.zh ?? s.authority;
  const contact = s.contacts?.[0];
  if (contact) {
    out['company.contactPerson'] = contact.name;
    out['company.contactPhone'] = contact.phone;
    out['company.contactEmail'] = contact.email;
  }
  return out;
}

/** every catalogued fact the subject gives a value for */
export function resolveFacts(kb: Kb, subject: DraftSubject): FactValues {
  const values: Record<string, FactValue> = {};
  const kbWritten = derived(kb, subject);
  for (const f of kb.templateFacts.values()) {
    const v = kbWritten[f.id] ?? (f.manifest ? asFact(f, at(subject, f.manifest.split('.'))) : undefined);
    if (v !== undefined) values[f.id] = v;
  }
  for (const [id, v] of Object.entries(subject.facts ?? {}))
    if (v !== null && v !== undefined) values[id] = v;
  return values;
}
