/** Effective ranges: when a fact is in force, and facts that say the same thing never in force at once. */
import type * as s from '../schema.ts';
import type { Issues, Parsed } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';

export function inForce(e: s.Effective, asOf: string): boolean {
  return e.from <= asOf && (!e.to || asOf <= e.to);
}

export function overlaps(a: s.Effective, b: s.Effective): boolean {
  const aEnd = a.to ?? '9999-12-31';
  const bEnd = b.to ?? '9999-12-31';
  return a.from <= bEnd && b.from <= aEnd;
}

function key(list: readonly string[] | undefined): string {
  return list ? [...list].sort().join(',') : '';
}

/** caps that say the same thing for the same case must not be in force at the same time */
export function checkForeignCapOverlaps({ parsed, data }: ParsedKb, issues: Issues): void {
  if (!parsed.conditions || !data.conditions) return;
  const caps = data.conditions.foreignCaps;
  for (let i = 0; i < caps.length; i++)
    for (let j = i + 1; j < caps.length; j++) {
      const a = caps[i]!;
      const b = caps[j]!;
      const same =
        a.categories.some((c) => b.categories.includes(c)) &&
        key(a.subtypes) === key(b.subtypes) &&
        key(a.pilotAreas) === key(b.pilotAreas) &&
        JSON.stringify(a.when ?? null) === JSON.stringify(b.when ?? null);
      if (same && overlaps(a.effective, b.effective))
        issues.add(
          'KB_EFFECTIVE_OVERLAP',
          'conditions.yaml',
          ['foreignCaps', j, 'effective'],
          `foreign cap "${b.id}" is in force at the same time as "${a.id}" for the same categories: end one before the other starts`,
          parsed.conditions,
        );
    }
}

/** the versions of the i-th parameter, taken by start date, each start after the one before has ended */
export function checkVersionOverlaps(param: s.Parameter, i: number, pp: Parsed, issues: Issues): void {
  const order = param.versions
    .map((v, j) => ({ v, j }))
    .sort((x, y) => x.v.effective.from.localeCompare(y.v.effective.from));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (overlaps(prev.v.effective, cur.v.effective))
      issues.add(
        'KB_EFFECTIVE_OVERLAP',
        'parameters.yaml',
        ['parameters', i, 'versions', cur.j, 'effective'],
        `version ${cur.j} of "${param.id}" starts ${cur.v.effective.from} while version ${prev.j} is still in force${prev.v.effective.to ? ` until ${prev.v.effective.to}` : ''}`,
        pp,
      );
  }
}
