/**
 * What the application routes (applications.ts, application-events.ts) share: their input schemas, the kb
 * checks of their inputs (licence codes against the classification catalogue, authorities, checklist
 * material ids) and the detail response (read with its events, presented by ../presenters/applications.ts).
 */
import { checkKbReferences, type KbReferenceIssue, pauseKinds } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { Db, Scope } from '@icpdesk/store';
import { type ApplicationDetail, listApplicationEvents } from '@icpdesk/store';
import { z } from 'zod';
import { applicationStateSchema } from '../presenters/application-events.ts';
import {
  checklistEntrySchema,
  type detailSchema,
  documentIds,
  presentDetail,
} from '../presenters/applications.ts';
import { HttpProblem, joinTexts } from '../problems.ts';
import { dateOnly, text } from '../route-kit.ts';

const state = applicationStateSchema;

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
export const checklistInput = z
  .record(z.string().min(1).max(100), checklistEntrySchema)
  .refine((c) => Object.keys(c).length <= 200, 'at most 200 checklist items')
  .describe('progress per material id of kb/materials.yaml');

export const checklistPatch = z
  .record(z.string().min(1).max(100), checklistEntrySchema.nullable())
  .refine((c) => Object.keys(c).length <= 200, 'at most 200 checklist items')
  .describe('progress per material id, merged into the stored progress; null removes an item');

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

/** an application with its events and its clocks as of `asOf` (../presenters/applications.ts) */
export async function detailOf(
  db: Db,
  kb: Kb,
  scope: Scope,
  app: ApplicationDetail,
  asOf: string,
): Promise<z.infer<typeof detailSchema>> {
  return presentDetail(kb, app, (await listApplicationEvents(db, scope, app.id)) ?? [], asOf);
}
