/**
 * An engine output in one language: every bilingual text {zh, en} becomes {zh} or {en}, and an assessment's
 * pitfalls name their penalties by id from one table (schemas/localised.ts). For answers to a client that
 * asked in one language: about a quarter of an assessment's bytes are the other language.
 *
 * What holds no text is handed on as it is (the same object). The server does not localise a whole answer
 * this way: its writer of JSON bytes (json-bytes.ts) writes the texts of the frame in one language as it
 * goes, keeping the bytes of the kb's parts once per language; localise() is what those bytes must equal.
 */
import type { Assessment, PenaltyOut } from './schemas/assessment.ts';
import type { AnswerLang, AssessmentFrame, Localised, LocalisedAssessment } from './schemas/localised.ts';

/** a bilingual text: exactly {zh, en}, both strings (no other engine output has that shape) */
export function isText(o: object): o is { zh: string; en: string } {
  const t = o as { zh?: unknown; en?: unknown };
  return typeof t.zh === 'string' && typeof t.en === 'string' && Object.keys(o).length === 2;
}

function inLang(v: unknown, lang: AnswerLang): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let a: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = inLang(v[i], lang);
      if (x !== v[i]) a ??= v.slice(0, i);
      a?.push(x);
    }
    return a ?? v;
  }
  if (isText(v)) return lang === 'zh' ? { zh: v.zh } : { en: v.en };
  const o = v as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const ks = Object.keys(o);
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    const x = inLang(o[k], lang);
    if (x !== o[k] && !copy) {
      copy = {};
      for (let j = 0; j < i; j++) copy[ks[j]!] = o[ks[j]!];
    }
    if (copy) copy[k] = x;
  }
  return copy ?? v;
}

/** `value` with every bilingual text in `lang` only */
export function localise<T>(value: T, lang: AnswerLang): Localised<T> {
  return inLang(value, lang) as Localised<T>;
}

/** an assessment to answer in `lang`, its texts still bilingual: the pitfalls' penalties once, by id */
export function assessmentFrame(a: Assessment, lang: AnswerLang): AssessmentFrame {
  const penalties: Record<string, PenaltyOut> = {};
  const pitfalls = a.pitfalls.map((p) => {
    if (!p.penalties) return p as Omit<typeof p, 'penalties'>;
    for (const x of p.penalties) penalties[x.id] ??= x;
    return Object.isFrozen(p) ? framedOnce(p) : byIds(p);
  });
  return { lang, ...a, pitfalls, penalties };
}

type Hit = Assessment['pitfalls'][number];
type FramedHit = AssessmentFrame['pitfalls'][number];

const byIds = (p: Hit): FramedHit => ({ ...p, penalties: (p.penalties ?? []).map((x) => x.id) });

/**
 * a frozen hit (prepared once per kb and date, shared by results: prepared-kb.ts) framed once too, frozen:
 * a cache keyed by the immutable hit, which goes with it
 */
const framed = new WeakMap<Hit, FramedHit>();
function framedOnce(p: Hit): FramedHit {
  let f = framed.get(p);
  if (!f) {
    const ids = Object.freeze(byIds(p).penalties);
    f = Object.freeze({ ...p, penalties: ids as string[] });
    framed.set(p, f);
  }
  return f;
}

/** an assessment in `lang`: its texts in that language, the pitfalls' penalties once, by id */
export const assessmentIn = (a: Assessment, lang: AnswerLang): LocalisedAssessment =>
  localise(assessmentFrame(a, lang), lang);
