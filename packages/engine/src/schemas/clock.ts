/** Schema of an application's statutory clocks (applicationClock()) and their one-line form (clockSummary()). */
import { z } from 'zod';
import { isoDateSchema, parameterUseSchema, sourceBookSchema, textSchema } from './common.ts';

export const clockStepIdSchema = z.enum(['acceptance', 'decision', 'issuance']);
export type ClockStepId = z.infer<typeof clockStepIdSchema>;
export const clockStatusSchema = z
  .enum(['not-started', 'on-time', 'due-soon', 'overdue', 'done', 'not-applicable'])
  .meta({ id: 'ClockStatus', description: 'Where a step of the authority stands as of the date read.' });
export type ClockStatus = z.infer<typeof clockStatusSchema>;
export const dayUnitSchema = z.enum(['calendar-days', 'working-days']);
export type DayUnit = z.infer<typeof dayUnitSchema>;

/** reasons the review clock stops besides a correction (Administrative Licensing Law Art. 45) */
export const pauseKinds = ['expert-review', 'inspection', 'hearing', 'testing'] as const;
export type PauseKind = (typeof pauseKinds)[number];
export const exclusionKindSchema = z.enum(['correction', ...pauseKinds]);
export type ExclusionKind = z.infer<typeof exclusionKindSchema>;

export const clockExclusionSchema = z
  .strictObject({
    kind: exclusionKindSchema,
    from: isoDateSchema,
    to: isoDateSchema.nullable().describe('null while it lasts'),
    days: z.number().int().describe('calendar days of it that fall within the step (up to its end, or asOf)'),
  })
  .meta({ id: 'ClockExclusion', description: 'A span that does not count against a limit.' });
export type ClockExclusion = z.infer<typeof clockExclusionSchema>;

export const clockStepSchema = z
  .strictObject({
    id: clockStepIdSchema,
    name: textSchema,
    owedBy: z.literal('authority').describe("always the authority: these are the authority's limits"),
    status: clockStatusSchema,
    startedOn: isoDateSchema
      .nullable()
      .describe('day 0 of the count (the day the step began), or null before it began'),
    expectedBy: isoDateSchema.nullable().describe('the due date reading the limit in its main unit'),
    dueBy: isoDateSchema
      .nullable()
      .describe(
        'the latest date the rules allow (the longer reading of a disputed unit); overdue after this day',
      ),
    dueUnit: dayUnitSchema.nullable().describe('the unit that gives dueBy'),
    endedOn: isoDateSchema.nullable(),
    endedBy: z
      .enum(['acceptance', 'correction-notice', 'refusal', 'decision', 'issuance', 'withdrawal'])
      .nullable(),
    late: z.boolean().describe('ended after dueBy, or still running past it'),
    paused: z.boolean().describe('an excluded span is open as of asOf: the due dates assume it ends today'),
    used: z
      .strictObject({ calendarDays: z.number().int(), workingDays: z.number().int() })
      .nullable()
      .describe('days counted against the limit, from startedOn to the end (or asOf), in both units'),
    remaining: z
      .number()
      .int()
      .nullable()
      .describe(
        'days left to dueBy in dueUnit, 0 on the day itself; negative when overdue; null unless running',
      ),
    excludedDays: z.number().int().describe('calendar days within the step that do not count'),
    exclusions: z.array(clockExclusionSchema),
    parameters: z
      .array(parameterUseSchema)
      .describe('the kb parameters behind the limit, with their sources'),
    note: textSchema.optional(),
  })
  .meta({ id: 'ClockStep', description: "One of the authority's steps and its statutory limit." });
export type ClockStep = z.infer<typeof clockStepSchema>;

export const applicationClockSchema = z
  .strictObject({
    asOf: isoDateSchema,
    steps: z.array(clockStepSchema),
    overdue: z.boolean().describe('some step of the authority is past its latest date'),
    nextDueBy: isoDateSchema.nullable().describe('the earliest latest date among the running steps'),
    deemedAccepted: z
      .strictObject({ on: isoDateSchema, note: textSchema })
      .nullable()
      .describe('set when no acceptance or correction notice came in time: accepted on receipt'),
    excludedNote: textSchema,
    calendarNote: textSchema
      .optional()
      .describe(
        'set when a year on the way has no published public-holiday notice: estimated, or weekends only',
      ),
    sources: sourceBookSchema.describe('the sources the parameters cite'),
  })
  .meta({ id: 'ApplicationClock', description: 'The statutory clocks of one application, as of a date.' });
export type ApplicationClock = z.infer<typeof applicationClockSchema>;

export const clockSummarySchema = z
  .strictObject({
    overdue: z.boolean(),
    deemedAccepted: z.boolean(),
    step: clockStepIdSchema.nullable().describe('the step the authority owes next'),
    status: clockStatusSchema.nullable(),
    expectedBy: isoDateSchema.nullable(),
    dueBy: isoDateSchema.nullable(),
    remaining: z.number().int().nullable(),
    paused: z.boolean(),
  })
  .meta({
    id: 'ClockSummary',
    description: 'One line of an application list: the step the authority owes next.',
  });
export type ClockSummary = z.infer<typeof clockSummarySchema>;
