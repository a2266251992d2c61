/** Schema of a what-if comparison of two assessments (compare(), diffAssessments()). */
import { z } from 'zod';
import { isoDateSchema, textSchema } from './common.ts';

export const changeSchema = z
  .strictObject({
    key: z
      .string()
      .describe('licence code (with :scope), permit id, filing kind or check id (with :subject)'),
    name: textSchema,
    before: z.string().nullable().describe('its state before (e.g. required@MIIT); null when it was absent'),
    after: z.string().nullable().describe('its state after; null when it is gone'),
  })
  .meta({ id: 'Change', description: 'One conclusion that differs between two assessments.' });
export type Change = z.infer<typeof changeSchema>;

const changes = z.strictObject({
  added: z.array(changeSchema),
  removed: z.array(changeSchema),
  changed: z.array(changeSchema),
});
const idChanges = z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) });

export const comparisonSchema = z
  .strictObject({
    asOf: isoDateSchema,
    kbVersion: z.string(),
    licences: changes,
    otherPermits: changes,
    filings: changes,
    checks: z.array(changeSchema),
    eligible: z.strictObject({ before: z.boolean().nullable(), after: z.boolean().nullable() }),
    authority: z.strictObject({ before: z.string().nullable(), after: z.string().nullable() }),
    pitfalls: idChanges,
    questions: idChanges,
    same: z.boolean().describe('true when nothing differs'),
  })
  .meta({ id: 'Comparison', description: 'What changes between the assessments of two profiles.' });
export type Comparison = z.infer<typeof comparisonSchema>;
