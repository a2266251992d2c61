/**
 * The kb as of one date, for assess(): only what is in force, with the parameters traced once and the parts
 * of a result that depend on the kb and the date alone (a pitfall's penalties, the fees, the rules for number
 * holders) built once. Built once per (kb, date), kept in a WeakMap keyed by the kb object (the kb is not
 * changed once loaded), and then only read: what it hands out is frozen, shared by every result.
 */
import {
  type Effective,
  type Fee,
  inForce,
  type Kb,
  type LicenceRule,
  type NumberResource,
  type NumberRule,
  type ParameterAt,
  type PermitRule,
} from '@icpdesk/kb';
import { permitsIn } from './eligibility.ts';
import { type ParameterUse, paramUse } from './params.ts';
import { pitfallHit } from './pitfalls.ts';
import type { Check, FeeOut, NumberRuleOut, PenaltyOut, PitfallHit } from './schemas/assessment.ts';

export interface Prepared {
  authorityRules: Kb['authorityRules'];
  activities: Map<string, { licences: LicenceRule[]; permits: PermitRule[]; notPermitted: boolean }>;
  filingRules: Kb['filingRules'];
  /** most severe first (in kb order within a severity) */
  pitfalls: Kb['pitfalls'];
  /** the penalties in force that follow from each pitfall, by pitfall id */
  penalties: Map<string, readonly PenaltyOut[]>;
  /** each pitfall as a hit whose condition read no fact of the profile (frozen), by pitfall id */
  pitfallHits: Map<string, PitfallHit>;
  foreignCaps: Kb['foreignCaps'];
  foreignProhibitions: Kb['foreignProhibitions'];
  /** the permits each prohibition's condition names, at any depth */
  prohibitionPermits: Map<string, readonly string[]>;
  checks: Map<Check['id'], Kb['checks'][number]>;
  numbers: NumberResource[];
  numberRules: readonly NumberRuleOut[];
  /** fees in force, by id */
  fees: Map<string, FeeOut>;
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
  const p = build(kb, asOf);
  if (byDate.size > 366) byDate.clear();
  byDate.set(asOf, p);
  return p;
}

const severityOrder = { high: 0, medium: 1, info: 2 } as const;

function build(kb: Kb, asOf: string): Prepared {
  const live = <T extends { effective: Effective }>(xs: Iterable<T>) =>
    [...xs].filter((x) => inForce(x.effective, asOf));
  const foreignProhibitions = live(kb.foreignProhibitions);
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
    // a stable sort: kb order within a severity, as sorting the hits would give
    pitfalls: live(kb.pitfalls).sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]),
    penalties: penaltiesByPitfall(kb, asOf),
    pitfallHits: new Map(),
    foreignCaps: live(kb.foreignCaps),
    foreignProhibitions,
    prohibitionPermits: new Map(foreignProhibitions.map((x) => [x.id, Object.freeze(permitsIn(x.when))])),
    checks: new Map(live(kb.checks).map((c) => [c.id, c])),
    numbers: live(kb.numbers.values()),
    numberRules: Object.freeze(live(kb.numberRules).map((r) => Object.freeze(numberRuleOut(r)))),
    fees: new Map(live(kb.fees.values()).map((f) => [f.id, Object.freeze(feeOut(f))])),
    params: new Map(),
  };
  for (const x of p.pitfalls)
    p.pitfallHits.set(x.id, Object.freeze(pitfallHit(x, p.penalties.get(x.id), Object.freeze([]) as never)));
  for (const id of kb.parameters.keys()) {
    const at = kb.parameterAt(id, asOf);
    if (at) p.params.set(id, { at, use: paramUse(at) });
  }
  return p;
}

/** penalties.yaml names the pitfalls leading to each penalty */
function penaltiesByPitfall(kb: Kb, asOf: string): Map<string, readonly PenaltyOut[]> {
  const out = new Map<string, PenaltyOut[]>();
  for (const p of kb.penalties.values()) {
    if (!p.pitfalls || !inForce(p.effective, asOf)) continue;
    const o: PenaltyOut = Object.freeze({
      id: p.id,
      violation: p.violation,
      consequence: p.consequence,
      imposedBy: p.imposedBy,
      ...(p.creditList ? { creditList: p.creditList } : {}),
      confidence: p.confidence,
      sources: p.sources,
    });
    for (const pitfall of p.pitfalls) out.set(pitfall, [...(out.get(pitfall) ?? []), o]);
  }
  for (const list of out.values()) Object.freeze(list);
  return out;
}

function numberRuleOut(r: NumberRule): NumberRuleOut {
  return {
    id: r.id,
    name: r.name,
    text: r.text,
    penalties: r.penalties ?? [],
    confidence: r.confidence,
    ...(r.note ? { note: r.note } : {}),
    sources: r.sources,
  };
}

function feeOut(f: Fee): FeeOut {
  return {
    id: f.id,
    name: f.name,
    appliesTo: f.appliesTo,
    charged: f.charged,
    ...(f.amount ? { amount: f.amount } : {}),
    ...(f.yearlyCny !== undefined ? { yearlyCny: f.yearlyCny } : {}),
    confidence: f.confidence,
    ...(f.note ? { note: f.note } : {}),
    sources: f.sources,
  };
}
