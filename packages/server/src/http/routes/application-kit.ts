/**
 * What the application routes (applications.ts, application-events.ts) share: their schemas, the kb checks of
 * their inputs (licence codes against the classification catalogue, authorities, checklist material ids) and
 * the detail response (the application, its events and its clocks).
 */
import {
  applicationClock,
  applicationClockSchema,
  checkKbReferences,
  clockSummarySchema as engineClockSummarySchema,
  type KbReferenceIssue,
  pauseKinds,
} from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { Db, Scope } from '@icpdesk/store';
import {
  type ApplicationDetail,
  applicationEventKinds,
  applicationStates,
  checklistStatuses,
  clockInputOf,
  listApplicationEvents,
  procedures,
} from '@icpdesk/store';
import { z } from 'zod';
import { HttpProblem, joinTexts } from '../problems.ts';
import { dateOnly, text } from '../route-kit.ts';

const state = z.enum(applicationStates);
const dateOrNull = z.string().nullable();

export const licenceCodeInput = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .describe('a catalogue code, with the scope where the category has scopes: "B11", "B25:internet"');
export const authorityInput = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .describe('MIIT or a province code, e.g. CN-GD');
export const documentIds = z.array(z.string().min(1).max(100)).max(50);

export const checklistEntrySchema = z.strictObject({
  status: z.enum(checklistStatuses),
  documentIds: documentIds.optional().describe('documents of the organisation that fulfil the item'),
  note: z.string().max(2000).optional(),
});

export const checklistInput = z
  .record(z.string().min(1).max(100), checklistEntrySchema)
  .refine((c) => Object.keys(c).length <= 200, 'at most 200 checklist items')
  .describe('progress per material id of kb/materials.yaml');

export const checklistPatch = z
  .record(z.string().min(1).max(100), checklistEntrySchema.nullable())
  .refine((c) => Object.keys(c).length <= 200, 'at most 200 checklist items')
  .describe('progress per material id, merged into the stored progress; null removes an item');

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

/** the step the authority owes next, and the statutory clocks: the engine's own output schemas */
export const clockSummarySchema = engineClockSummarySchema;
export const clockSchema = applicationClockSchema;

export const eventSchema = z.object({
  id: z.string(),
  kind: z.enum(applicationEventKinds),
  fromState: state.nullable(),
  toState: state,
  on: dateOrNull.describe('the day it took effect'),
  at: z.string().describe('when it was recorded'),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  attachments: z.array(z.string()),
  authorityReference: z.string().nullable(),
  pauseKind: z.enum(pauseKinds).nullable(),
});

export const listItemSchema = applicationSchema.extend({ clock: clockSummarySchema });

export const detailSchema = applicationSchema.extend({
  precheckFindings: z.unknown().describe('the last precheck findings, or null'),
  clock: clockSchema,
  events: z.array(eventSchema),
});

/** what every event body (transition or not) carries */
export const eventFields = {
  on: dateOnly.optional().describe('the day it took effect, YYYY-MM-DD; default today in China'),
  note: text(5000).optional(),
  attachments: documentIds.optional().describe('ids of documents of the organisation'),
  authorityReference: text(200).optional().describe("the authority's case or acceptance number"),
};

export const transitionBody = z.strictObject({ to: state, ...eventFields });

export const eventBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pause-started'),
    pauseKind: z.enum(pauseKinds).describe('expert review, inspection, hearing or testing (Art. 45)'),
    ...eventFields,
  }),
  z.strictObject({ kind: z.literal('pause-ended'), ...eventFields }),
  z.strictObject({ kind: z.literal('licence-issued'), ...eventFields }),
]);

// ------------------------------------------------------------------ kb checks

/** the problem code clients see for each kind of kb reference (stable since before the one check) */
const problemOf = {
  codes: 'INVALID_LICENCE_CODE',
  authority: 'UNKNOWN_AUTHORITY',
  materials: 'UNKNOWN_CHECKLIST_ITEM',
} as const;

/**
 * The body's licence codes, authority and checklist items checked against kb/ by the engine's
 * checkKbReferences: 400 INVALID_LICENCE_CODE, UNKNOWN_AUTHORITY or UNKNOWN_CHECKLIST_ITEM (the first that
 * applies), each refused value a field error with the engine's code
 */
export function checkKbInputs(
  kb: Kb,
  b: {
    licenceCodes?: readonly string[];
    authority?: string | null;
    checklist?: Record<string, unknown> | null;
  },
): void {
  const issues = checkKbReferences(kb, {
    codes: b.licenceCodes,
    authority: b.authority,
    materials: Object.keys(b.checklist ?? {}),
  });
  const first = issues[0];
  if (!first) return;
  const same = issues.filter((i) => i.field === first.field);
  const pathOf = (i: KbReferenceIssue) =>
    i.field === 'codes'
      ? `body.licenceCodes[${i.index}]`
      : i.field === 'authority'
        ? 'body.authority'
        : `body.checklist.${i.value.slice(0, 100)}`;
  throw new HttpProblem(
    problemOf[first.field],
    joinTexts(same.map((i) => i.message)),
    same.map((i) => ({ path: pathOf(i), code: i.code, message: i.message })),
  );
}

// ------------------------------------------------------------------ responses

/** an application with its events and its clocks as of `asOf` */
export async function detailOf(
  db: Db,
  kb: Kb,
  scope: Scope,
  app: ApplicationDetail,
  asOf: string,
): Promise<z.infer<typeof detailSchema>> {
  const events = (await listApplicationEvents(db, scope, app.id)) ?? [];
  return { ...app, clock: applicationClock(kb, clockInputOf(app), asOf), events };
}
