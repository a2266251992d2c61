/** Schema of the compact form of an assessment (summarize()): rule ids and statuses, no texts or sources. */
import { b25Scope } from '@icpdesk/kb';
import { z } from 'zod';
import { checkSchema, filingConclusionSchema, undeterminedSchema } from './assessment.ts';
import { isoDateSchema, requirementSchema } from './common.ts';

export const assessmentSummarySchema = z
  .strictObject({
    asOf: isoDateSchema,
    kbVersion: z.string(),
    profileId: z.union([z.string(), z.number()]).optional(),
    needsLicence: z.boolean().nullable().describe('null while an open question decides it'),
    eligible: z.boolean().nullable(),
    authority: z.string().nullable().describe('MIIT or a province code'),
    licences: z.array(
      z.strictObject({
        code: z.string(),
        scope: b25Scope.optional(),
        requirement: requirementSchema,
        authority: z.string().nullable(),
        rules: z.array(z.string()).describe('the rules that concluded it'),
      }),
    ),
    undetermined: z.array(
      undeterminedSchema.pick({
        kind: true,
        id: true,
        scope: true,
        requirement: true,
        rule: true,
        missing: true,
      }),
    ),
    filings: z.array(
      z.strictObject({
        kind: filingConclusionSchema.shape.kind,
        variant: filingConclusionSchema.shape.variant,
        requirement: requirementSchema,
        rules: z.array(z.string()),
      }),
    ),
    otherPermits: z.array(
      z.strictObject({ id: z.string(), requirement: requirementSchema, rules: z.array(z.string()) }),
    ),
    checks: z.array(
      checkSchema.pick({ id: true, subject: true, status: true, required: true, actual: true, rule: true }),
    ),
    pitfalls: z.array(z.string()).describe('ids of the pitfalls that apply'),
    questions: z.array(z.string()).describe('ids of the open questions'),
    notPermitted: z.array(z.string()).describe('activities that may not be run today'),
  })
  .meta({
    id: 'AssessmentSummary',
    description: 'An assessment without texts or sources, for lists and batches.',
  });
export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;
