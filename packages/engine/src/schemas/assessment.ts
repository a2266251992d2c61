/**
 * Schema of an assessment (assess()): every conclusion with its rule, the facts it read, the parameters it
 * used and its sources. The engine's types are inferred from it, so the two cannot drift.
 */
import { b25Scope, filingKind, licenceCode, permitId, unit } from '@icpdesk/kb';
import { z } from 'zod';
import {
  confidenceSchema,
  isoDateSchema,
  parameterUseSchema,
  requirementSchema,
  sourceBookSchema,
  sourceCitationSchema,
  textSchema,
  tracedFields,
} from './common.ts';
import { timelineSchema } from './timeline.ts';

const authorityId = z.string().nullable().describe('MIIT or a province code; null while it is not known');

export const reasonSchema = z
  .strictObject({
    rule: z.string().describe('the kb rule id'),
    activity: z.string().optional().describe('the activity the rule belongs to, where it comes from one'),
    text: textSchema,
    parameters: z.array(parameterUseSchema).optional(),
    ...tracedFields,
  })
  .meta({ id: 'Reason', description: 'One rule that led to a conclusion.' });
export type Reason = z.infer<typeof reasonSchema>;

export const licenceConclusionSchema = z
  .strictObject({
    code: licenceCode,
    scope: b25Scope.optional().describe('for B25: internet or non-internet'),
    name: textSchema,
    nicknames: z.array(z.string()),
    subtypes: z.array(z.string()),
    requirement: requirementSchema,
    authority: authorityId,
    confidence: confidenceSchema,
    reasons: z.array(reasonSchema),
  })
  .meta({ id: 'LicenceConclusion', description: 'A value-added telecom licence the business needs.' });
export type LicenceConclusion = z.infer<typeof licenceConclusionSchema>;

export const undeterminedSchema = z
  .strictObject({
    kind: z.enum(['licence', 'permit', 'filing']),
    id: z.string().describe('licence code, permit id or filing kind'),
    scope: b25Scope.optional(),
    subtype: z.string().optional(),
    requirement: requirementSchema,
    rule: z.string(),
    activity: z.string().optional(),
    missing: z.array(z.string()).describe('what would settle it: profile paths or answers.<question>'),
    text: textSchema,
    sources: z.array(sourceCitationSchema),
  })
  .meta({ id: 'Undetermined', description: 'A conclusion that depends on facts the profile lacks.' });
export type Undetermined = z.infer<typeof undeterminedSchema>;

export const filingConclusionSchema = z
  .strictObject({
    kind: filingKind,
    name: textSchema,
    variant: z
      .enum(['commercial', 'non-commercial', 'n/a'])
      .describe('made under a licence (经营性备案) or as a non-commercial filing'),
    requirement: requirementSchema,
    authority: authorityId,
    authorityName: textSchema,
    processing: parameterUseSchema.optional(),
    deadline: parameterUseSchema
      .optional()
      .describe("the filer's deadline: the kb parameter that sets it, with its value and sources"),
    reasons: z.array(reasonSchema),
  })
  .meta({ id: 'FilingConclusion', description: 'A filing the business must make.' });
export type FilingConclusion = z.infer<typeof filingConclusionSchema>;

export const permitConclusionSchema = z
  .strictObject({
    id: permitId,
    name: textSchema,
    issuer: textSchema,
    requirement: requirementSchema,
    preApproval: z.boolean().describe('needed before the licence application'),
    foreignProhibited: z.boolean(),
    reasons: z.array(reasonSchema),
  })
  .meta({ id: 'PermitConclusion', description: 'A permit of another regulator the business needs.' });
export type PermitConclusion = z.infer<typeof permitConclusionSchema>;

export const checkSchema = z
  .strictObject({
    id: z.enum(['company-form', 'registered-capital', 'foreign-share', 'credit', 'mainland-hosting']),
    subject: z
      .string()
      .optional()
      .describe(
        'the licence code, or the business closed to foreign investment, a foreign-share check is about',
      ),
    name: textSchema,
    status: z.enum(['met', 'unmet', 'unknown']),
    required: z.union([z.string(), z.number()]).nullable(),
    actual: z.union([z.string(), z.number(), z.boolean()]).nullable(),
    unit: unit.optional().describe('the unit of a numeric required and actual value (cny, percent)'),
    rule: z.string(),
    missing: z.string().optional().describe('the profile field that would settle an unknown check'),
    parameters: z.array(parameterUseSchema).optional(),
    ...tracedFields,
  })
  .meta({
    id: 'EligibilityCheck',
    description: 'One eligibility condition and whether the applicant meets it.',
  });
export type Check = z.infer<typeof checkSchema>;

export const penaltyOutSchema = z
  .strictObject({
    id: z.string().describe('the penalty id in kb/penalties.yaml'),
    violation: textSchema,
    consequence: textSchema,
    imposedBy: textSchema,
    creditList: z.enum(['bad-record', 'dishonest']).optional().describe('the credit list it leads to'),
    confidence: confidenceSchema,
    sources: z.array(sourceCitationSchema),
  })
  .meta({ id: 'Penalty', description: 'What happens when a rule is broken: fines, closure, credit lists.' });
export type PenaltyOut = z.infer<typeof penaltyOutSchema>;

export const pitfallHitSchema = z
  .strictObject({
    id: z.string(),
    severity: z.enum(['high', 'medium', 'info']),
    title: textSchema,
    message: textSchema,
    penalties: z.array(penaltyOutSchema).optional().describe('what follows when the pitfall is not avoided'),
    ...tracedFields,
  })
  .meta({ id: 'PitfallHit', description: 'A known pitfall whose conditions hold for the profile.' });
export type PitfallHit = z.infer<typeof pitfallHitSchema>;

export const feeOutSchema = z
  .strictObject({
    id: z.string().describe('the fee id in kb/fees.yaml'),
    name: textSchema,
    appliesTo: z.enum(['licence', 'filing', 'number']),
    charged: z.boolean().describe('whether the government charges it'),
    amount: textSchema.optional(),
    yearlyCny: z.number().optional(),
    confidence: confidenceSchema,
    note: textSchema.optional(),
    sources: z.array(sourceCitationSchema),
  })
  .meta({
    id: 'Fee',
    description: 'A government fee (or the absence of one) for a licence, filing or number.',
  });
export type FeeOut = z.infer<typeof feeOutSchema>;

export const numberConclusionSchema = z
  .strictObject({
    id: z.string().describe('the number resource id in kb/numbers.yaml'),
    name: textSchema,
    pattern: z.string(),
    activity: z.string().describe('the activity it serves'),
    allocatedBy: z.enum(['MIIT', 'provincial-ca', 'basic-operator']),
    authority: z
      .string()
      .nullable()
      .describe(
        'MIIT or the province whose administration allocates it; null for carriers or several provinces',
      ),
    licenceFirst: z
      .strictObject({
        codes: z.array(licenceCode),
        scope: b25Scope.optional(),
        coverage: z.enum(['single-province', 'multi-province']).optional(),
      })
      .optional()
      .describe('the licence an operator must hold before applying'),
    open: z
      .enum(['yes', 'no', 'unknown'])
      .describe('whether the business, with the licences and coverage of this assessment, can apply for it'),
    text: textSchema.describe('why it is open or not'),
    fees: z.array(z.string()).describe('ids of the fees (in `fees`) that apply'),
    ...tracedFields,
  })
  .meta({
    id: 'NumberConclusion',
    description: 'A number resource (95/96, 106, 400) the business may need, and whether it can apply.',
  });
export type NumberConclusion = z.infer<typeof numberConclusionSchema>;

export const numberRuleOutSchema = z
  .strictObject({
    id: z.string(),
    name: textSchema,
    text: textSchema,
    penalties: z.array(z.string()).describe('ids of penalties in kb/penalties.yaml'),
    confidence: confidenceSchema,
    note: textSchema.optional(),
    sources: z.array(sourceCitationSchema),
  })
  .meta({ id: 'NumberRule', description: 'A rule every number holder follows.' });
export type NumberRuleOut = z.infer<typeof numberRuleOutSchema>;

export const questionOutSchema = z
  .strictObject({
    id: z.string().describe('the profile path or answers.<question> it settles'),
    text: textSchema,
    help: textSchema.optional(),
    affects: z.array(z.string()).describe('the conclusions it would settle'),
  })
  .meta({ id: 'Question', description: 'A question whose answer would settle an open conclusion.' });
export type QuestionOut = z.infer<typeof questionOutSchema>;

export const assessmentSchema = z
  .strictObject({
    asOf: isoDateSchema.describe('the date the law is applied as of'),
    kbVersion: z.string(),
    profileId: z.union([z.string(), z.number()]).optional(),
    summary: z.strictObject({ headline: textSchema, needsLicence: z.boolean().nullable() }),
    licences: z.array(licenceConclusionSchema),
    undetermined: z.array(undeterminedSchema),
    filings: z.array(filingConclusionSchema),
    otherPermits: z.array(permitConclusionSchema),
    eligibility: z.strictObject({ eligible: z.boolean().nullable(), checks: z.array(checkSchema) }),
    authority: z.strictObject({
      id: authorityId,
      name: textSchema.nullable(),
      rule: z.string().nullable(),
      reasons: z.array(reasonSchema),
    }),
    notPermitted: z.array(
      z.strictObject({ activity: z.string(), message: textSchema, sources: z.array(sourceCitationSchema) }),
    ),
    pitfalls: z.array(pitfallHitSchema),
    numbers: z
      .array(numberConclusionSchema)
      .optional()
      .describe('number resources for the activities that use them (absent in assessments stored before)'),
    numberRules: z
      .array(numberRuleOutSchema)
      .optional()
      .describe('the rules for number holders, with numbers'),
    fees: z
      .array(feeOutSchema)
      .optional()
      .describe('what the government charges for the licences, filings and numbers concluded'),
    questions: z.array(questionOutSchema),
    timeline: timelineSchema.nullable(),
    disclaimer: textSchema,
    sources: sourceBookSchema,
  })
  .meta({ id: 'Assessment', description: 'What a business needs, as of a date, with reasons and sources.' });
export type Assessment = z.infer<typeof assessmentSchema>;
