/**
 * What the API shows of stored assessments: one with its full result and profile (StoredAssessment), the
 * summary a list shows (StoredAssessmentSummary), and the comparison of two (AssessmentComparison), with
 * the function that builds it from the engine's diffAssessments and explainDifference.
 */
import {
  assessmentSchema,
  diffAssessments,
  comparisonSchema as engineComparisonSchema,
  explainDifference,
  profileSchema,
  textSchema,
} from '@icpdesk/engine';
import { changedFields, type StoredAssessment, summaryOf } from '@icpdesk/store';
import { z } from 'zod';

export const assessmentSummarySchema = z.object({
  id: z.string(),
  companyId: z.string(),
  asOf: z.string(),
  kbVersion: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable().describe('the user who ran it; null once that user is deleted'),
  headline: textSchema,
  needsLicence: z.boolean().nullable(),
  eligible: z.boolean().nullable(),
  authority: z.string().nullable(),
  licences: z.array(z.string()).describe('licence codes with scope, e.g. B25:internet'),
  counts: z.object({
    licences: z.number(),
    undetermined: z.number(),
    filings: z.number(),
    otherPermits: z.number(),
    unmetChecks: z.number(),
    unknownChecks: z.number(),
    pitfalls: z.number(),
    questions: z.number(),
    notPermitted: z.number(),
  }),
});

export const storedAssessmentSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  asOf: z.string(),
  kbVersion: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  profile: profileSchema.nullable().describe('the profile the result was computed from'),
  result: assessmentSchema.describe('the engine’s assessment, as POST /api/v1/assess returns it'),
});

export const comparisonSchema = z.object({
  from: assessmentSummarySchema,
  to: assessmentSummarySchema,
  inputs: z.object({
    kbVersion: z.object({ from: z.string(), to: z.string(), differs: z.boolean() }),
    asOf: z.object({ from: z.string(), to: z.string(), differs: z.boolean() }),
    profile: z
      .array(z.string())
      .describe('profile fields that differ, as dotted paths; [] when the same profile was assessed'),
  }),
  explanation: z
    .array(textSchema)
    .describe('why the results may differ: one line per input that differs, or that none does'),
  comparison: engineComparisonSchema
    .omit({ asOf: true, kbVersion: true })
    .describe(
      'engine diffAssessments(from, to): what became required, what no longer is, which checks changed',
    ),
});

export const presentStoredAssessment = (a: StoredAssessment): z.infer<typeof storedAssessmentSchema> => a;

/** what changed from `a` to `b`, which of their inputs differ, and what that means */
export function presentComparison(
  a: StoredAssessment,
  b: StoredAssessment,
): z.infer<typeof comparisonSchema> {
  const profile =
    a.profile && b.profile ? changedFields(a.profile, b.profile) : a.profile === b.profile ? [] : ['profile'];
  const { asOf: _asOf, kbVersion: _kb, ...comparison } = diffAssessments(a.result, b.result);
  return {
    from: summaryOf(a),
    to: summaryOf(b),
    inputs: {
      kbVersion: { from: a.kbVersion, to: b.kbVersion, differs: a.kbVersion !== b.kbVersion },
      asOf: { from: a.asOf, to: b.asOf, differs: a.asOf !== b.asOf },
      profile,
    },
    explanation: explainDifference(a, b, profile),
    comparison,
  };
}
