/** Schema of a package check (precheck()): findings an authority would return for correction. */
import { licenceCode, procedure } from '@icpdesk/kb';
import { z } from 'zod';
import { checklistSchema } from './checklist.ts';
import { isoDateSchema, sourceBookSchema, sourceCitationSchema, textSchema } from './common.ts';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

export const findingSchema = z
  .strictObject({
    id: z.string().describe('stable code of the kind of finding'),
    severity: severitySchema,
    path: z.string().describe('manifest path it concerns, e.g. documents[2].holder'),
    message: textSchema,
    fix: textSchema,
    rule: z.string().optional().describe('the kb entry it rests on (material, parameter, rule)'),
    sources: z.array(sourceCitationSchema),
  })
  .meta({ id: 'Finding', description: 'One problem (or note) found in an application package.' });
export type Finding = z.infer<typeof findingSchema>;

export const shareholdingResultSchema = z
  .strictObject({
    foreignPercent: z.number().describe('foreign share in percent, counting only the layers that are known'),
    unknownPercent: z
      .number()
      .describe('share held through domestic companies whose own holders are not given'),
    unknownLayers: z.array(z.string()).describe('manifest paths of those companies'),
    badSums: z
      .array(z.strictObject({ path: z.string(), sum: z.number() }))
      .describe('manifest paths of holder lists whose percentages do not add up to 100'),
  })
  .meta({ id: 'ShareholdingResult', description: 'Foreign share through the shareholding tree.' });
export type ShareholdingResult = z.infer<typeof shareholdingResultSchema>;

export const precheckResultSchema = z
  .strictObject({
    asOf: isoDateSchema,
    kbVersion: z.string(),
    applicant: z.string(),
    licence: licenceCode,
    procedure,
    decisionBy: isoDateSchema
      .nullable()
      .describe('the date a decision is expected at the latest, from the timeline estimate'),
    shareholding: shareholdingResultSchema,
    summary: z.strictObject({
      errors: z.number().int(),
      warnings: z.number().int(),
      infos: z.number().int(),
      documents: z.number().int(),
    }),
    findings: z.array(findingSchema),
    checklist: checklistSchema.describe('the materials, with their own sources'),
    sources: sourceBookSchema.describe('the sources the findings cite'),
  })
  .meta({
    id: 'PrecheckResult',
    description: 'What an authority would return for correction, found before submission.',
  });
export type PrecheckResult = z.infer<typeof precheckResultSchema>;
