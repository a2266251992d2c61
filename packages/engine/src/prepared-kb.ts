/**
 * The kb as of one date, for assess(): only what is in force, with the parameters traced once. Built once
 * per (kb, date) and then only read.
 */
import {
  type Effective,
  inForce,
  type Kb,
  type LicenceRule,
  type ParameterAt,
  type PermitRule,
} from '@icpdesk/kb';
import { type ParameterUse, paramUse } from './params.ts';
import type { Check } from './schemas/assessment.ts';

export interface Prepared {
  authorityRules: Kb['authorityRules'];
  activities: Map<string, { licences: LicenceRule[]; permits: PermitRule[]; notPermitted: boolean }>;
  filingRules: Kb['filingRules'];
  pitfalls: Kb['pitfalls'];
  foreignCaps: Kb['foreignCaps'];
  foreignProhibitions: Kb['foreignProhibitions'];
  checks: Map<Check['id'], Kb['checks'][number]>;
  /** parameters in force, by id, traced once */
  params: Map<string, { at: ParameterAt; use: ParameterUse }>;
}

const prepared = new WeakMap<Kb, Map<string, Prepared>>();

export function prepare(kb: Kb, asOf: string): Prepared {
  let byDate = prepared.get(kb);
  if (!byDate) {
    byDate = new Map();
    prepared.set(kb, byDate);
  }
  const hit = byDate.get(asOf);
  if (hit) return hit;
  const live = <T extends { effective: Effective }>(xs: readonly T[]) =>
    xs.filter((x) => inForce(x.effective, asOf));
  const p: Prepared = {
    authorityRules: live(kb.authorityRules),
    activities: new Map(
      [...kb.activities.values()].map((a) => [
        a.id,
        {
          licences: live(a.licences),
          permits: live(a.permits),
          notPermitted: !!a.notPermitted && inForce(a.effective, asOf),
        },
      ]),
    ),
    filingRules: live(kb.filingRules),
    pitfalls: live(kb.pitfalls),
    foreignCaps: live(kb.foreignCaps),
    foreignProhibitions: live(kb.foreignProhibitions),
    checks: new Map(live(kb.checks).map((c) => [c.id, c])),
    params: new Map(),
  };
  for (const id of kb.parameters.keys()) {
    const at = kb.parameterAt(id, asOf);
    if (at) p.params.set(id, { at, use: paramUse(at) });
  }
  if (byDate.size > 366) byDate.clear();
  byDate.set(asOf, p);
  return p;
}
