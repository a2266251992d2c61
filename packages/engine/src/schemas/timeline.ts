/** Schema of the timeline estimate (estimateTimeline), also part of an assessment. */
import { z } from 'zod';
import { isoDateSchema, parameterUseSchema, textSchema } from './common.ts';

export const timelineStepSchema = z
  .strictObject({
    id: z.enum([
      'submitted',
      'acceptance',
      'decision',
      'issuance',
      'expiry',
      'renewal-due',
      'first-annual-report',
    ]),
    name: textSchema,
    expected: isoDateSchema.describe('the expected date, reading disputed units the usual way'),
    latest: isoDateSchema.describe('the latest date the rules allow, reading disputed units the longer way'),
    parameters: z.array(parameterUseSchema),
    estimated: z
      .boolean()
      .optional()
      .describe(
        'true when the date was counted in working days through a year whose public holidays are estimated (no notice yet)',
      ),
    note: textSchema.optional(),
  })
  .meta({ id: 'TimelineStep', description: 'One step of the timeline estimate.' });
export type TimelineStep = z.infer<typeof timelineStepSchema>;

export const timelineSchema = z
  .strictObject({
    submitOn: isoDateSchema,
    steps: z.array(timelineStepSchema),
    excluded: textSchema.describe('time that does not count against the authority’s limits'),
    calendarNote: textSchema
      .optional()
      .describe(
        'set when a year on the way has no published public-holiday notice: estimated, or weekends only',
      ),
  })
  .meta({ id: 'Timeline', description: 'Dates an application would reach, from a submission date.' });
export type Timeline = z.infer<typeof timelineSchema>;
