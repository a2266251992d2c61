/** Ids are unique within their kind: each list becomes an index, and a second entry with an id is an issue. */
import type * as s from '../schema.ts';
import type { Issues, Parsed } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';

/** The entries the cross-checks look references up in. */
export interface Indexes {
  categories: Map<s.LicenceCode, s.Category>;
  authorities: Map<string, s.Authority>;
  parameters: Map<string, s.Parameter>;
  questions: Map<string, s.Question>;
  permits: Map<s.PermitId, s.Permit>;
  activities: Map<string, s.Activity>;
}

/** The sources of every file of sources/, by id: ids are unique across the files. */
export function indexSources(kb: ParsedKb, issues: Issues): Map<string, s.Source> {
  const sources = new Map<string, s.Source>();
  for (const { p, list } of kb.sourceFiles) {
    list.forEach((src, i) => {
      if (sources.has(src.id))
        issues.add('KB_DUPLICATE_ID', p.file, ['sources', i, 'id'], `duplicate source id "${src.id}"`, p);
      sources.set(src.id, src);
    });
  }
  return sources;
}

/** One list of a file by id; `path` is the list's key in the file, `what` names the kind in messages. */
export function uniqueMap<T extends { id: string }>(
  issues: Issues,
  list: readonly T[] | undefined,
  p: Parsed | undefined,
  path: string,
  what: string,
): Map<string, T> {
  const m = new Map<string, T>();
  list?.forEach((x, i) => {
    if (m.has(x.id))
      issues.add('KB_DUPLICATE_ID', p?.file ?? '', [path, i, 'id'], `duplicate ${what} id "${x.id}"`, p);
    m.set(x.id, x);
  });
  return m;
}

/** Indexes the lists other entries refer to, and checks the ids of the lists nothing refers to by id. */
export function indexEntries(kb: ParsedKb, issues: Issues): Indexes {
  const { data, parsed } = kb;
  const categories = uniqueMap(
    issues,
    data.catalogue?.categories,
    parsed.catalogue,
    'categories',
    'category',
  );
  const authorities = uniqueMap(
    issues,
    data.authorities?.authorities,
    parsed.authorities,
    'authorities',
    'authority',
  );
  const parameters = uniqueMap(
    issues,
    data.parameters?.parameters,
    parsed.parameters,
    'parameters',
    'parameter',
  );
  const questions = uniqueMap(issues, data.questions?.questions, parsed.questions, 'questions', 'question');
  const permits = uniqueMap(issues, data.permits?.permits, parsed.permits, 'permits', 'permit');
  uniqueMap(issues, data.filings?.filings, parsed.filings, 'filings', 'filing');
  uniqueMap(issues, data.pitfalls?.pitfalls, parsed.pitfalls, 'pitfalls', 'pitfall');
  uniqueMap(issues, data.conditions?.foreignCaps, parsed.conditions, 'foreignCaps', 'foreign cap');
  uniqueMap(
    issues,
    data.conditions?.foreignProhibitions,
    parsed.conditions,
    'foreignProhibitions',
    'foreign-investment prohibition',
  );
  return {
    categories: categories as Indexes['categories'],
    authorities,
    parameters,
    questions,
    permits: permits as Indexes['permits'],
    activities: indexActivities(kb, issues),
  };
}

function indexActivities(kb: ParsedKb, issues: Issues): Map<string, s.Activity> {
  const activities = new Map<string, s.Activity>();
  for (const { p, a } of kb.activities) {
    if (activities.has(a.id))
      issues.add('KB_DUPLICATE_ID', p.file, ['id'], `duplicate activity id "${a.id}"`, p);
    activities.set(a.id, a);
  }
  return activities;
}
