/**
 * Schema of an assessment in one language (localise.ts: assessmentIn): the same shape as the bilingual
 * Assessment, but every text holds the language asked for only ({zh} or {en}), and the pitfalls' penalties are
 * listed once, in `penalties` (id → penalty), and named by id where they apply.
 *
 * The one-language schemas are made from the bilingual ones (localisedSchema), so the two cannot drift: each
 * component that holds a text gets a one-language twin, `Localised<its id>`; those that hold none (sources,
 * citations, facts) are shared as they are.
 */
import { text } from '@icpdesk/kb';
import { z } from 'zod';
import {
  type Assessment,
  assessmentSchema,
  type PenaltyOut,
  penaltyOutSchema,
  pitfallHitSchema,
} from './assessment.ts';

/** the languages an answer can be given in */
export const answerLang = z.enum(['zh', 'en']);
export type AnswerLang = z.infer<typeof answerLang>;

export const localisedTextSchema = z
  .union([z.strictObject({ zh: text.shape.zh }), z.strictObject({ en: text.shape.en })])
  .meta({
    id: 'LocalisedText',
    description: 'A text in the language asked for only: {zh} (Chinese, the authoritative wording) or {en}.',
  });
export type LocalisedText = z.infer<typeof localisedTextSchema>;

/** T with every bilingual text in one language */
export type Localised<T> = T extends { zh: string; en: string }
  ? LocalisedText
  : T extends readonly (infer U)[]
    ? Localised<U>[]
    : T extends object
      ? { [K in keyof T]: Localised<T[K]> }
      : T;

/** one-language twins, by the bilingual schema they were made from */
const twins = new WeakMap<z.ZodType, z.ZodType>();

/** `s` with every text in one language: itself where it holds no text, else a twin with its meta and id */
export function localisedSchema(s: z.ZodType): z.ZodType {
  const made = twins.get(s);
  if (made) return made;
  const meta = z.globalRegistry.get(s);
  let out: z.ZodType;
  if (s._zod.def === text._zod.def)
    // a text described where it is used stays described there, as in the bilingual schema
    out = meta && !meta.id ? localisedTextSchema.meta(meta) : localisedTextSchema;
  else {
    out = twin(s);
    if (out !== s && meta)
      out.register(z.globalRegistry, meta.id ? { ...meta, id: `Localised${meta.id}` } : meta);
  }
  twins.set(s, out);
  return out;
}

function twin(s: z.ZodType): z.ZodType {
  const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (k: string) => def[k] as z.ZodType;
  switch (def.type) {
    case 'object': {
      const shape = (s as z.ZodObject).shape;
      const next = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, localisedSchema(v)]));
      if (Object.keys(shape).every((k) => next[k] === shape[k])) return s;
      return (s as z.ZodObject).extend(next);
    }
    case 'array': {
      const e = localisedSchema(inner('element'));
      return e === inner('element') ? s : z.array(e);
    }
    case 'optional':
    case 'nullable': {
      const i = localisedSchema(inner('innerType'));
      return i === inner('innerType') ? s : def.type === 'optional' ? i.optional() : i.nullable();
    }
    case 'union': {
      const options = def.options as z.ZodType[];
      const next = options.map(localisedSchema);
      return next.every((o, i) => o === options[i]) ? s : z.union(next);
    }
    case 'record': {
      const v = localisedSchema(inner('valueType'));
      return v === inner('valueType') ? s : z.record(inner('keyType') as z.ZodString, v);
    }
    default:
      return s;
  }
}

const localisedPenaltySchema = localisedSchema(penaltyOutSchema) as z.ZodType<Localised<PenaltyOut>>;

// a pitfall names its penalties by id; set before the assessment's twin is made, which uses it
const localisedPitfallSchema = (twin(pitfallHitSchema) as z.ZodObject)
  .extend({
    penalties: z
      .array(z.string())
      .optional()
      .describe('ids of what follows when the pitfall is not avoided, in the answer’s `penalties`'),
  })
  .meta({ ...z.globalRegistry.get(pitfallHitSchema), id: 'LocalisedPitfallHit' });
twins.set(pitfallHitSchema, localisedPitfallSchema);

export const localisedAssessmentSchema = (twin(assessmentSchema) as z.ZodObject)
  .extend({
    lang: answerLang.describe('the language of every text in it'),
    penalties: z
      .record(z.string(), localisedPenaltySchema)
      .describe('the penalties the pitfalls name, each once, by id'),
  })
  .meta({
    id: 'LocalisedAssessment',
    description:
      'An Assessment in the language asked for (`lang`): every text in that language only, and the pitfalls’ penalties listed once, by id.',
  }) as unknown as z.ZodType<LocalisedAssessment>;

/**
 * An assessment as it is answered in one language before its texts are: the pitfalls' penalties by id, once
 * in `penalties` (assessmentFrame); localise() of it is the LocalisedAssessment.
 */
export type AssessmentFrame = Omit<Assessment, 'pitfalls'> & {
  lang: AnswerLang;
  pitfalls: (Omit<Assessment['pitfalls'][number], 'penalties'> & { penalties?: string[] })[];
  penalties: Record<string, PenaltyOut>;
};
export type LocalisedAssessment = Localised<AssessmentFrame>;
