/** Schema of a change-impact analysis (impact()): the proposed change in, before/after and deadlines out. */
import { companyEventKind, serverLocation } from '@icpdesk/kb';
import { z } from 'zod';
import {
  confidenceSchema,
  isoDateSchema,
  parameterUseSchema,
  sourceCitationSchema,
  textSchema,
} from './common.ts';
import { comparisonSchema } from './comparison.ts';

export const changeKinds = [
  'new-activity',
  'wider-coverage',
  'foreign-investment',
  'servers-abroad',
  'rename',
  'capital-reduction',
  'new-shareholder',
  'new-domain',
] as const;

const province = z.string().regex(/^CN-[A-Z]{2}$/);

export const proposedChangeSchema = z
  .strictObject({
    kind: z.enum(changeKinds),
    on: isoDateSchema
      .optional()
      .describe(
        'the day the change takes effect (registry change, decision, going live): deadlines count from it',
      ),
    activity: z.string().max(100).optional().describe('new-activity: a kb activity id'),
    coverage: z
      .array(z.union([z.literal('nationwide'), province]))
      .min(1)
      .max(40)
      .optional()
      .describe('wider-coverage: the coverage after the change'),
    foreignSharePercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('foreign-investment, new-shareholder: the foreign share after the change'),
    serverLocation: serverLocation
      .optional()
      .describe('servers-abroad: where the servers go (default overseas)'),
    name: z.string().min(1).max(200).optional().describe('rename: the new name'),
    registeredCapitalCny: z
      .number()
      .nonnegative()
      .optional()
      .describe('capital-reduction: the registered capital after the change'),
    shareholder: z.string().min(1).max(200).optional().describe('new-shareholder: who'),
    domain: z.string().min(1).max(253).optional().describe('new-domain: the domain name'),
  })
  .meta({
    id: 'ProposedChange',
    description: 'A change a company plans, whose consequences impact() shows.',
  });
export type ProposedChange = z.infer<typeof proposedChangeSchema>;
export type ChangeKind = (typeof changeKinds)[number];

/** what the company holds, as the register records it (the fields impact() reads) */
export const registerFactsSchema = z
  .strictObject({
    licences: z
      .array(
        z.object({
          number: z.string(),
          codes: z.array(z.string()),
          coverage: z.array(z.string()),
          authority: z.string(),
          expiresOn: z.string(),
          status: z.string(),
        }),
      )
      .default([]),
    icpFilings: z
      .array(z.object({ number: z.string(), domains: z.array(z.string()), status: z.string() }))
      .default([]),
    appFilings: z.array(z.object({ number: z.string(), status: z.string() })).default([]),
    publicSecurityFilings: z
      .array(z.object({ number: z.string(), domains: z.array(z.string()), status: z.string() }))
      .default([]),
    domains: z.array(z.object({ name: z.string() })).default([]),
    servers: z.array(z.object({ name: z.string(), location: z.string().nullable() })).default([]),
  })
  .meta({ id: 'RegisterFacts', description: 'What the company holds: licences, filings, domains, servers.' });
export type RegisterFacts = z.infer<typeof registerFactsSchema>;

const sideSchema = z.strictObject({
  licences: z.array(z.string()).describe('required licence codes (with :scope)'),
  filings: z.array(z.string()).describe('required filing kinds'),
  permits: z.array(z.string()).describe('required permits of other regulators'),
  authority: z.string().nullable(),
  eligible: z.boolean().nullable(),
  failingChecks: z.array(z.string()).describe('eligibility checks that are not met'),
});

export const impactFindingSchema = z
  .strictObject({
    kind: z.enum([
      'licence-needed',
      'licence-no-longer-needed',
      'licence-coverage',
      'licence-authority',
      'filing-needed',
      'filing-invalid',
      'permit-needed',
      'check-fails',
      'register',
    ]),
    subject: z.string().describe('a licence code, filing kind, permit, check, licence or filing number'),
    text: textSchema,
  })
  .meta({ id: 'ImpactFinding', description: 'One consequence of the change, explained.' });

export const impactDeadlineSchema = z
  .strictObject({
    id: z
      .string()
      .describe('the kb rule (kb/obligations.yaml) that sets it: the same rule obligations() applies'),
    name: textSchema.describe("the rule's name"),
    what: textSchema.describe('what the holder has to do (the rule’s duty)'),
    subject: z
      .enum(['licence', 'icp-filing', 'app-filing', 'site', 'number'])
      .describe(
        'what the rule attaches to; of two rules for one subject the earlier deadline is the one to meet',
      ),
    appliesTo: z.array(z.string()).describe('the licence or filing numbers it concerns; empty: the company'),
    direction: z
      .enum(['after', 'before', 'on'])
      .describe(
        'the kb counts the days after the change, or before it, or it falls on the day of the change',
      ),
    parameter: parameterUseSchema.nullable().describe('the kb parameter with its value and sources'),
    parameterId: z.string().nullable().describe('the kb parameter behind the day count; null: none'),
    due: isoDateSchema
      .nullable()
      .describe(
        'the last day, moved off a rest day as the rule says; null when the change has no date, or the unit is not calendar days',
      ),
    nominalDue: isoDateSchema.nullable().describe('the last day as counted, before any move off a rest day'),
    estimated: z
      .boolean()
      .describe(
        'the due day depends on a year whose public holidays are estimated (no State Council notice yet)',
      ),
    stricter: z
      .boolean()
      .describe('of two rules for the same subject, the earlier deadline: the one to meet'),
    sources: z.array(sourceCitationSchema).describe("the rule's sources"),
    confidence: confidenceSchema,
    note: textSchema.optional(),
    ruleNote: textSchema
      .optional()
      .describe("the rule's note in the kb: where sources disagree or are unsure"),
  })
  .meta({ id: 'ImpactDeadline', description: 'A filing or application the change makes due, and by when.' });

export const impactSchema = z
  .strictObject({
    asOf: isoDateSchema,
    kbVersion: z.string(),
    change: proposedChangeSchema,
    profileChanges: z.array(z.string()).describe('the profile fields the change alters'),
    events: z
      .array(companyEventKind)
      .describe(
        "the company events the change is (the kb's vocabulary): once made, record them with the day it took effect (POST /api/v1/company-events) and the obligations count from that day",
      ),
    before: sideSchema,
    after: sideSchema,
    comparison: comparisonSchema,
    findings: z.array(impactFindingSchema),
    deadlines: z.array(impactDeadlineSchema),
    explanation: z.array(textSchema),
    notes: z.array(textSchema),
  })
  .meta({
    id: 'Impact',
    description: 'What a proposed change means for licences, filings, permits and deadlines.',
  });
export type Impact = z.infer<typeof impactSchema>;
export type ImpactFinding = z.infer<typeof impactFindingSchema>;
export type ImpactDeadline = z.infer<typeof impactDeadlineSchema>;
