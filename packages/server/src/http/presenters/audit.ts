/**
 * What the API shows of an audit entry (AuditEntry). `before` and `after` are snapshots of whatever the
 * entry is about — a company, a licence, a membership, the address of a sign-in — as the store wrote them:
 * always a JSON object, whose fields are those of its entity.
 */
import type { AuditRecord } from '@icpdesk/store';
import { z } from 'zod';

const snapshot = z.record(z.string(), z.unknown()).nullable();

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string().describe('ISO 8601 instant in UTC'),
  actor: z.object({
    id: z.string().nullable().describe('null for the system, or once the user is deleted'),
    label: z.string().describe('who, as it read at the time: an e-mail, "token:<name>" or "system"'),
  }),
  entity: z.string().describe('what kind of thing, e.g. companies, assessments, applications'),
  entityId: z.string(),
  companyId: z.string().nullable().describe('the company the entry is about, where it is about one'),
  action: z.string().describe('e.g. create, update, delete, rerun, transition'),
  before: snapshot.describe('the thing before the write; null on create'),
  after: snapshot.describe('the thing after the write; null on delete'),
  changes: z
    .array(z.string())
    .nullable()
    .describe('with both before and after: the fields that differ, as dotted paths; null otherwise'),
});

type Entry = z.infer<typeof auditEntrySchema>;

/** a page of entries (their snapshots were objects when written; a row of another kind reads as null) */
export const presentAuditPage = (page: { items: AuditRecord[]; nextCursor: string | null }) => ({
  items: page.items.map(
    (e): Entry => ({ ...e, before: objectOrNull(e.before), after: objectOrNull(e.after) }),
  ),
  nextCursor: page.nextCursor,
});

const objectOrNull = (v: unknown): Entry['before'] =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
