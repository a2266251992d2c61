/**
 * What the API shows of an application: the application itself (Application), a list item with its clock
 * summary (ApplicationListItem), and the detail with its events, full clocks and last precheck
 * (ApplicationDetail). The clocks are the engine's (applicationClock, clockSummary) as of a day.
 */
import {
  applicationClock,
  applicationClockSchema,
  clockSummary,
  clockSummarySchema,
  pauseKinds,
} from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import {
  type Application,
  type ApplicationDetail,
  type ApplicationEvent,
  checklistStatuses,
  clockInputOf,
  procedures,
} from '@icpdesk/store';
import { z } from 'zod';
import { eventSchema, applicationStateSchema as state } from './application-events.ts';
import { storedPrecheckSchema } from './application-prechecks.ts';

const dateOrNull = z.string().nullable();

export const documentIds = z.array(z.string().min(1).max(100)).max(50);

export const checklistEntrySchema = z.strictObject({
  status: z.enum(checklistStatuses),
  documentIds: documentIds.optional().describe('documents of the organisation that fulfil the item'),
  note: z.string().max(2000).optional(),
});

export const applicationSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  licenceCodes: z.array(z.string()),
  procedure: z.enum(procedures),
  authority: z.string().nullable(),
  state,
  nextStates: z.array(state).describe('the states it may move to next (POST /transitions)'),
  checklist: z.record(z.string(), checklistEntrySchema),
  authorityReference: z.string().nullable(),
  submittedOn: dateOrNull,
  acceptedOn: dateOrNull,
  decidedOn: dateOrNull,
  withdrawnOn: dateOrNull,
  issuedOn: dateOrNull,
  corrections: z.array(z.object({ requestedOn: z.string(), correctedOn: dateOrNull })),
  pauses: z.array(z.object({ kind: z.enum(pauseKinds), from: z.string(), to: dateOrNull })),
  authorityDueOn: dateOrNull.describe('the day after which the authority is overdue as the events stand'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** an application with the step the authority owes next (the engine's clock summary) */
export const listItemSchema = applicationSchema.extend({ clock: clockSummarySchema });

export const detailSchema = applicationSchema.extend({
  precheckFindings: storedPrecheckSchema
    .nullable()
    .describe('the last precheck of the package (POST /applications/{id}/precheck); null before one ran'),
  clock: applicationClockSchema,
  events: z.array(eventSchema),
});

/** a list item: the application with its clock summary as of `day` */
export const presentListItem = (kb: Kb, a: Application, day: string): z.infer<typeof listItemSchema> => ({
  ...a,
  clock: clockSummary(applicationClock(kb, clockInputOf(a), day)),
});

/** the detail: the application with its events and its clocks as of `asOf` */
export const presentDetail = (
  kb: Kb,
  a: ApplicationDetail,
  events: ApplicationEvent[],
  asOf: string,
): z.infer<typeof detailSchema> => ({ ...a, clock: applicationClock(kb, clockInputOf(a), asOf), events });
