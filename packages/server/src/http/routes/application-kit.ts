/**
 * What the application routes (applications.ts, application-events.ts) share: their schemas, the kb checks of
 * their inputs (licence codes against the classification catalogue, authorities, checklist material ids) and
 * the detail response (the application, its events and its clocks).
 */
import {
  applicationClock,
  applicationClockSchema,
  clockSummarySchema as engineClockSummarySchema,
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
import { HttpProblem, joinTexts, type Text } from '../problems.ts';
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

/**
 * INVALID_LICENCE_CODE unless every code is a catalogue category, with a scope exactly where the category has
 * scopes ("B25:internet"), and none twice
 */
export function checkLicenceCodes(kb: Kb, codes: readonly string[], path: string): void {
  const errors: { path: string; message: Text }[] = [];
  const seen = new Set<string>();
  codes.forEach((value, i) => {
    const [code = '', scope, ...rest] = value.split(':');
    const category = kb.categories.get(code as never);
    const scopes = category?.scopes?.map((s) => s.id) ?? [];
    let message: Text | undefined;
    if (!category || rest.length) {
      const valid = [...kb.categories.keys()].join(', ');
      message = {
        zh: `${value} 不是业务分类目录中的代码；有效代码：${valid}`,
        en: `${value} is not a catalogue code; valid: ${valid}`,
      };
    } else if (scopes.length && !scope)
      message = {
        zh: `${code} 须指明业务范围：${scopes.map((s) => `${code}:${s}`).join(' 或 ')}`,
        en: `${code} needs a scope: ${scopes.map((s) => `${code}:${s}`).join(' or ')}`,
      };
    else if (scope !== undefined && !scopes.includes(scope as never))
      message = scopes.length
        ? {
            zh: `${code} 的业务范围为 ${scopes.join(', ')}，没有 ${scope}`,
            en: `${code} has the scopes ${scopes.join(', ')}, not ${scope}`,
          }
        : { zh: `${code} 没有业务范围，请写作 ${code}`, en: `${code} has no scopes; write ${code}` };
    else if (seen.has(value)) message = { zh: `${value} 重复列出`, en: `${value} is listed twice` };
    seen.add(value);
    if (message) errors.push({ path: `${path}[${i}]`, message });
  });
  if (errors.length)
    throw new HttpProblem('INVALID_LICENCE_CODE', joinTexts(errors.map((e) => e.message)), errors);
}

/** UNKNOWN_AUTHORITY unless kb/authorities.yaml has it */
export function checkAuthority(kb: Kb, authority: string, path: string): void {
  if (!kb.authorities.has(authority)) {
    const valid = [...kb.authorities.keys()].join(', ');
    const message = {
      zh: `没有许可机关 ${authority.slice(0, 20)}；有效值：${valid}`,
      en: `no authority ${authority.slice(0, 20)}; valid: ${valid}`,
    };
    throw new HttpProblem('UNKNOWN_AUTHORITY', message, [{ path, message }]);
  }
}

const materialIds = new WeakMap<Kb, Set<string>>();

/** UNKNOWN_CHECKLIST_ITEM unless every key is a material id of kb/materials.yaml */
export function checkMaterials(kb: Kb, checklist: Record<string, unknown> | undefined, path: string): void {
  let ids = materialIds.get(kb);
  if (!ids) {
    ids = new Set(kb.materials.map((m) => m.id));
    materialIds.set(kb, ids);
  }
  const known = ids;
  const errors = Object.keys(checklist ?? {})
    .filter((id) => !known.has(id))
    .map((id) => ({
      path: `${path}.${id.slice(0, 100)}`,
      message: {
        zh: `kb/materials.yaml 中没有材料 ${id.slice(0, 100)}`,
        en: `no material ${id.slice(0, 100)} in kb/materials.yaml`,
      },
    }));
  if (errors.length)
    throw new HttpProblem('UNKNOWN_CHECKLIST_ITEM', joinTexts(errors.map((e) => e.message)), errors);
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
