/**
 * Schemas of the parts every engine output shares: a bilingual text, a source and a citation of it, a
 * profile fact, a kb parameter as used. Each has a registry id (`.meta({ id })`, zod's global registry), so
 * an OpenAPI document built from these schemas names it once as a component and refers to it elsewhere.
 *
 * A result lists each source it cites once, in its `sources` (id → title, url, grade); conclusions cite
 * them as {ref, article} (resolveSources() turns those back into full citations).
 */
import {
  confidence as kbConfidence,
  requirement as kbRequirement,
  parameterVersion,
  text,
} from '@icpdesk/kb';
import { z } from 'zod';

/** a calendar date, YYYY-MM-DD */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const textSchema = text.meta({
  id: 'Text',
  description: 'A text in Chinese (the authoritative wording) and English.',
});

export const confidenceSchema = kbConfidence.meta({
  id: 'Confidence',
  description: 'How sure the knowledge base is of a fact: high (official source), medium or low.',
});

export const requirementSchema = kbRequirement.meta({
  id: 'Requirement',
  description: 'required by law, or recommended (not required, but advisable).',
});

export const sourceCitationSchema = z
  .strictObject({
    ref: z.string().describe('the source’s id: its key in the result’s `sources`'),
    article: z.string().optional().describe('article, clause or section, e.g. "Art. 6(4)"'),
  })
  .meta({
    id: 'SourceCitation',
    description: 'A source a conclusion rests on, by id, with the article it cites.',
  });
export type SourceCitation = z.infer<typeof sourceCitationSchema>;

export const sourceInfoSchema = z
  .strictObject({
    title: z.string(),
    url: z.string().optional(),
    grade: z
      .enum(['A', 'B', 'C', 'D', 'E'])
      .describe(
        'A official, B law firm or legal publisher, C news or aggregator, D licence agency, E third-party code',
      ),
  })
  .meta({
    id: 'Source',
    description: 'A source of the knowledge base: title, address and how authoritative it is.',
  });
export type SourceInfo = z.infer<typeof sourceInfoSchema>;

export const sourceBookSchema = z.record(z.string(), sourceInfoSchema).meta({
  id: 'Sources',
  description: 'Every source the result cites, once, by id; conclusions cite them as {ref, article}.',
});
export type SourceBook = z.infer<typeof sourceBookSchema>;

export const factSchema = z
  .strictObject({
    path: z.string().describe('profile path, e.g. service.channels, or answers.<question>'),
    value: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])
      .describe('the value the profile had there: a text, number, yes/no or list of texts; null for none'),
  })
  .meta({ id: 'Fact', description: 'A profile fact a conclusion read.' });
export type Fact = z.infer<typeof factSchema>;

export const effectiveSchema = z
  .strictObject({ from: isoDateSchema, to: isoDateSchema.optional() })
  .meta({ id: 'Effective', description: 'The period a kb entry is in force; open-ended without `to`.' });

export const parameterUseSchema = z
  .strictObject({
    id: z.string().describe('the parameter id in kb/parameters.yaml'),
    name: textSchema,
    value: parameterVersion.shape.value.describe('a number, a string or a yearly window {from, to} as MM-DD'),
    unit: parameterVersion.shape.unit,
    unitAlternatives: z
      .array(parameterVersion.shape.unit)
      .optional()
      .describe('where the unit itself is disputed (calendar vs working days)'),
    effective: effectiveSchema.describe('the period of the version used'),
    confidence: confidenceSchema,
    sources: z.array(sourceCitationSchema),
  })
  .meta({ id: 'ParameterUse', description: 'A kb parameter as a conclusion used it: the version in force.' });
export type ParameterUse = z.infer<typeof parameterUseSchema>;

/** what every traced conclusion carries: the facts it read, its sources, how sure it is, a caveat */
export const tracedFields = {
  facts: z.array(factSchema).describe('the profile facts it read'),
  sources: z.array(sourceCitationSchema),
  confidence: confidenceSchema,
  note: textSchema.optional().describe('who says what where sources disagree, or why it is uncertain'),
};
