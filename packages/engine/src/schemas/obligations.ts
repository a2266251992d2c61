/**
 * Schemas of obligations(): its input (what a company holds and what happened to it, plain records a store maps
 * its rows to) and its output (each dated duty with its status, consequence and sources).
 *
 * The input schemas carry no registry id (their defaults make input and output differ, which an OpenAPI
 * document built from the registry cannot name twice); a route that takes them names them itself.
 *
 * Ids are the caller's own (a store's row ids); `company` is optional everywhere — a change event applies to
 * the licences and filings of the same company, or to all of them when the input leaves companies out.
 */
import { companyEventKind, obligationRule } from '@icpdesk/kb';
import { z } from 'zod';
import {
  confidenceSchema,
  isoDateSchema,
  parameterUseSchema,
  sourceBookSchema,
  sourceCitationSchema,
  textSchema,
} from './common.ts';

const ref = z.string().min(1);
/** the number of the two digits at i (NaN past the end) */
const digits = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
/** whether a YYYY-MM-DD string is a real calendar day, by arithmetic (a register has hundreds of thousands) */
export function realDay(s: string): boolean {
  // the format is checked before (YYYY-MM-DD): digits by their character codes, no substrings
  const y = digits(s, 0) * 100 + digits(s, 2);
  const m = digits(s, 5);
  const d = digits(s, 8);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return m >= 1 && m <= 12 && d >= 1 && d <= days;
}
/** an input date: YYYY-MM-DD and a real calendar day */
const day = isoDateSchema.refine(realDay, { message: 'not a real calendar date (YYYY-MM-DD)' });

export const obligationLicenceSchema = z
  .strictObject({
    id: ref,
    company: ref.optional(),
    number: z.string().optional().describe('the licence number, e.g. 京B2-20260001'),
    issuedOn: day,
    expiresOn: day.describe('the last day of validity; a renewal that keeps the number updates it'),
    status: z.enum(['active', 'suspended', 'revoked', 'cancelled']).default('active'),
    endedOn: day
      .nullish()
      .describe('the day a revoked or cancelled licence ended; no obligation arises after it'),
    renewalAppliedOn: day.nullish().describe('the day the renewal application was submitted'),
  })
  .describe('A licence as obligations() reads it.');
export type ObligationLicence = z.input<typeof obligationLicenceSchema>;

export const obligationFilingSchema = z
  .strictObject({
    id: ref,
    company: ref.optional(),
    kind: z.enum(['icp', 'app', 'public-security']),
    number: z.string().optional().describe('the filing number, e.g. 京ICP备12345678号'),
    subject: z.string().optional().describe('the site (domain) or app the filing covers'),
    site: ref.optional().describe('for a public-security filing: the id of the ICP filing (site) it covers'),
    licence: ref.optional().describe('for a commercial ICP filing: the id of the licence it is filed under'),
    filedOn: day.nullish().describe('the day the filing was granted; null while not filed'),
    onlineOn: day.nullish().describe('the day the site or app went online'),
    closedOn: day.nullish().describe('the day the site or app closed'),
    cancelledOn: day.nullish().describe('the day the filing was cancelled'),
    displaysNumber: z
      .boolean()
      .nullish()
      .describe('whether the homepage shows the numbers (null: not checked)'),
  })
  .describe('An ICP, app or public-security filing as obligations() reads it.');
export type ObligationFiling = z.input<typeof obligationFilingSchema>;

export const obligationNumberSchema = z
  .strictObject({
    id: ref,
    company: ref.optional(),
    number: z.string().min(1).describe('the number or code, e.g. 95123 or 1069xxxx'),
    kind: z.string().min(1).describe('its family: 95, 96, 106, 400, 1xx …'),
    allocatedOn: day,
    enabledOn: day.nullish().describe('the day it was put into use'),
    returnedOn: day.nullish().describe('the day it was returned or recovered'),
  })
  .describe('A number resource as obligations() reads it.');
export type ObligationNumber = z.input<typeof obligationNumberSchema>;

export const obligationEventSchema = z
  .strictObject({
    id: ref.optional().describe('defaults to kind@on'),
    company: ref.optional(),
    kind: companyEventKind,
    on: day.describe(
      'the day the company decided the change, or completed it at the company registry (the day the after-counts run from)',
    ),
    effectiveOn: day
      .nullish()
      .describe('the day the change takes effect (the day the before-counts run back from); defaults to on'),
    subject: ref.optional().describe('the licence or filing id it concerns, when only one'),
  })
  .describe('A company event that can set change obligations going.');
export type ObligationEvent = z.input<typeof obligationEventSchema>;

export const annualReportRecordSchema = z
  .strictObject({
    licence: ref.optional(),
    number: ref.optional(),
    year: z.number().int().describe('the year reported on (the report is filed in the next year)'),
    submittedOn: day,
  })
  .refine((r) => !r.licence !== !r.number, { message: 'name either a licence or a number' })
  .describe('An annual report filed for a licence or a number.');
export type AnnualReportRecord = z.input<typeof annualReportRecordSchema>;

/** display policy, not law: an obligation is due soon with this many calendar days or fewer left */
export const DEFAULT_DUE_SOON_DAYS = 30;

/**
 * display policy, not law: an obligation whose rule gives no first day (a renewal, an expiry, a change due before
 * it takes effect) is `upcoming` while more than this many calendar days remain before its due day, then `open`.
 * The law sets no opening for these (Order 42 Art. 27 and Administrative Licensing Law Art. 50 give only the
 * latest day), so without it a renewal five years away would read as open now.
 */
export const DEFAULT_OPEN_AHEAD_DAYS = 90;

export const obligationsInputSchema = z
  .strictObject({
    licences: z.array(obligationLicenceSchema).default([]),
    filings: z.array(obligationFilingSchema).default([]),
    numbers: z.array(obligationNumberSchema).default([]),
    events: z.array(obligationEventSchema).default([]),
    annualReports: z.array(annualReportRecordSchema).default([]),
    completions: z
      .array(z.strictObject({ obligation: ref, on: day }))
      .default([])
      .describe('obligations done, by obligation id'),
    waivers: z
      .array(z.strictObject({ obligation: ref, reason: z.string().optional() }))
      .default([])
      .describe('obligations waived, by obligation id'),
    asOf: day,
    dueSoonDays: z
      .number()
      .int()
      .min(0)
      .default(DEFAULT_DUE_SOON_DAYS)
      .describe('display policy, not law: due-soon when this many calendar days or fewer remain'),
    openAheadDays: z
      .number()
      .int()
      .min(0)
      .default(DEFAULT_OPEN_AHEAD_DAYS)
      .describe(
        'display policy, not law: an obligation without a first day is upcoming while more than this many calendar days remain',
      ),
  })
  .describe('What obligations() reads.');
export type ObligationsInput = z.input<typeof obligationsInputSchema>;

export const obligationKindSchema = obligationRule.shape.kind;
export type ObligationKind = z.infer<typeof obligationKindSchema>;

export const obligationStatusSchema = z
  .enum(['upcoming', 'open', 'due-soon', 'overdue', 'done', 'waived'])
  .meta({ id: 'ObligationStatus', description: 'Where an obligation stands as of the date read.' });
export type ObligationStatus = z.infer<typeof obligationStatusSchema>;

export const obligationRuleEntrySchema = z
  .strictObject({
    name: textSchema,
    duty: textSchema,
    consequence: z.strictObject({ text: textSchema, sources: z.array(sourceCitationSchema) }),
    sources: z.array(sourceCitationSchema),
    confidence: confidenceSchema,
    parameters: z.array(parameterUseSchema).describe('the kb parameters behind its day count'),
    note: textSchema.optional().describe('what the rule adds for every obligation it sets'),
  })
  .meta({
    id: 'ObligationRuleEntry',
    description:
      'What every obligation of one rule shares — its name, duty, the consequence of missing it, sources, confidence and day-count parameters — listed once per answer in `rules` under the rule id.',
  });
export type ObligationRuleEntry = z.infer<typeof obligationRuleEntrySchema>;

export const obligationSchema = z
  .strictObject({
    id: z.string().describe('stable: rule, subject and period or event; the same input gives the same id'),
    rule: z
      .string()
      .describe(
        'the rule id in kb/obligations.yaml; its name, duty, consequence, sources and parameters are in the answer’s `rules` under this id',
      ),
    kind: obligationKindSchema,
    belongsTo: z.strictObject({
      type: z.enum(['licence', 'icp-filing', 'app-filing', 'site', 'number']),
      id: z.string(),
      company: z.string().nullable(),
      label: z.string().nullable().describe('its number or subject, for display'),
    }),
    trigger: z
      .strictObject({ event: z.string().nullable(), on: isoDateSchema })
      .nullable()
      .describe('the event or date that set it going (null for yearly and standing duties)'),
    period: z
      .string()
      .nullable()
      .describe('the year or quarter a periodic obligation is for, e.g. 2026 or 2026Q4'),
    window: z.strictObject({
      opens: isoDateSchema.nullable().describe('the first day it can be done; null: any time before due'),
      due: isoDateSchema
        .nullable()
        .describe('the last day, moved off a rest day as the rule says; null: standing'),
      nominalDue: isoDateSchema
        .nullable()
        .describe('the last day as counted, before any move off a rest day'),
    }),
    status: obligationStatusSchema,
    doneOn: isoDateSchema.nullable(),
    late: z.boolean().describe('done after the due day, or still open past it'),
    estimated: z
      .boolean()
      .describe(
        'the due day depends on a year whose public holidays are estimated (no State Council notice yet)',
      ),
    note: textSchema
      .optional()
      .describe('this obligation’s own note (e.g. what a site must show); the rule’s note is in `rules`'),
    conflict: z
      .strictObject({
        with: z.array(z.string()).describe('the other obligations the same event sets for the same subject'),
        governing: z.string().describe('the obligation with the earliest due day: the one to meet'),
        note: textSchema,
      })
      .optional()
      .describe('set when two rules give different deadlines for one event'),
  })
  .meta({
    id: 'Obligation',
    description:
      'A dated duty of a licence or filing holder: what is its own (subject, window, status); what its rule says is in the answer’s `rules`.',
  });
export type Obligation = z.infer<typeof obligationSchema>;

export const obligationsResultSchema = z
  .strictObject({
    asOf: isoDateSchema,
    obligations: z.array(obligationSchema),
    rules: z
      .record(z.string(), obligationRuleEntrySchema)
      .describe('the rules the obligations refer to (by `rule`), each once, and only those'),
    calendar: z.strictObject({
      published: z.array(z.number().int()).describe('years with a State Council holiday notice in the kb'),
      estimated: z.array(z.number().int()).describe('years estimated from the statutory holidays'),
      note: textSchema.optional(),
    }),
    restDay: z
      .strictObject({ name: textSchema, sources: z.array(sourceCitationSchema), note: textSchema.optional() })
      .describe('how a due day on a rest day is moved'),
    sources: sourceBookSchema,
  })
  .meta({ id: 'Obligations', description: 'The obligations of a set of licences, filings and numbers.' });
export type ObligationsResult = z.infer<typeof obligationsResultSchema>;
