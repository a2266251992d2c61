/**
 * The subject of a draft as a file gives it (icpdesk draft --company): an application package's manifest
 * (application.yaml) in which every part may be missing but the applicant's name — a gap in the documents,
 * not an error — plus `contacts`, `authority` and `facts` (values by fact id, for facts no field holds).
 * Fields it has must have the manifest's types; an unknown top-level field is refused.
 */
import { b25Scope, licenceCode, procedure } from '@icpdesk/kb';
import { z } from 'zod';
import type { EngineIssue } from '../errors.ts';
import { manifestSchema } from '../manifest.ts';
import { zodIssues } from '../zod-issues.ts';
import type { DraftSubject } from './resolve-facts.ts';

const m = manifestSchema.shape;
const factValue = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.array(z.record(z.string(), z.unknown())),
]);

export const draftSubjectSchema = z.strictObject({
  applicant: m.applicant.partial().extend({ name: z.string().min(1) }),
  licence: z
    .strictObject({ code: licenceCode, scope: b25Scope.optional(), procedure: procedure })
    .partial()
    .optional(),
  coverage: m.coverage.optional(),
  activities: m.activities.optional(),
  channels: m.channels,
  serverLocation: m.serverLocation,
  answers: m.answers,
  staff: m.staff,
  domains: m.domains,
  servers: m.servers,
  documents: m.documents.optional(),
  contacts: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        role: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
      }),
    )
    .optional(),
  authority: z.string().nullable().optional(),
  facts: z.record(z.string(), factValue).optional(),
});

export type DraftSubjectResult = { ok: true; subject: DraftSubject } | { ok: false; issues: EngineIssue[] };

/** validates a subject read from a file; never throws */
export function parseDraftSubject(input: unknown): DraftSubjectResult {
  const r = draftSubjectSchema.safeParse(input);
  return r.success
    ? { ok: true, subject: r.data as DraftSubject }
    : { ok: false, issues: zodIssues(draftSubjectSchema, input, r.error) };
}
