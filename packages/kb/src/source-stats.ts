/**
 * How well the kb is sourced: the registry's sources by grade, and how many cited entries (anything with
 * `sources` and `confidence`: checks, caps, rules, parameter versions, permits, pitfalls, materials …) of
 * `high` confidence cite at least one official (grade A) source. Walks every collection of the Kb, so files
 * added later are counted without changes here.
 */
import type { Kb } from './loader.ts';
import type { Confidence, Source, SourceRef } from './schema.ts';

export type Grade = Source['grade'];

export interface SourceStats {
  /** sources in the registry by grade */
  sourcesByGrade: Record<Grade, number>;
  /** cited entries by confidence */
  entriesByConfidence: Record<Confidence, number>;
  /** high-confidence entries that cite at least one grade-A source */
  highWithOfficial: number;
  /** highWithOfficial / entriesByConfidence.high, 0..1 (1 when there is no high entry) */
  officialShare: number;
  /** the high-confidence entries without an official source, as "collection/id" */
  highWithoutOfficial: string[];
}

interface Cited {
  sources: SourceRef[];
  confidence: Confidence;
}

const isCited = (v: Record<string, unknown>): v is Record<string, unknown> & Cited =>
  Array.isArray(v.sources) &&
  typeof v.confidence === 'string' &&
  v.sources.every((r) => r && typeof r === 'object' && typeof (r as SourceRef).ref === 'string');

/** the Kb's fields that hold data rather than the registry, functions or identity */
const skipped = new Set(['sources', 'dir', 'version', 'cite', 'parameterAt']);

export function sourceStats(kb: Kb): SourceStats {
  const sourcesByGrade: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  for (const s of kb.sources.values()) sourcesByGrade[s.grade]++;
  const entriesByConfidence: Record<Confidence, number> = { high: 0, medium: 0, low: 0 };
  const highWithoutOfficial: string[] = [];
  let highWithOfficial = 0;
  const official = (refs: readonly SourceRef[]) => refs.some((r) => kb.sources.get(r.ref)?.grade === 'A');
  const visit = (value: unknown, at: string): void => {
    if (value instanceof Map) {
      for (const [k, v] of value) visit(v, `${at}/${String(k)}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, `${at}/${entryName(v) ?? i}`);
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (isCited(o)) {
      entriesByConfidence[o.confidence]++;
      if (o.confidence === 'high') {
        if (official(o.sources)) highWithOfficial++;
        else highWithoutOfficial.push(at);
      }
    }
    for (const [k, v] of Object.entries(o))
      if (k !== 'sources' && typeof v === 'object') visit(v, `${at}.${k}`);
  };
  for (const [key, value] of Object.entries(kb)) if (!skipped.has(key)) visit(value, key);
  const high = entriesByConfidence.high;
  return {
    sourcesByGrade,
    entriesByConfidence,
    highWithOfficial,
    officialShare: high === 0 ? 1 : highWithOfficial / high,
    highWithoutOfficial,
  };
}

function entryName(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ['id', 'rule', 'year'])
    if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
  const e = o.effective as { from?: string } | undefined;
  return e?.from;
}
