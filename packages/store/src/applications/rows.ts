/**
 * Rows of the applications tables and what the other application modules share about them: the API shape,
 * the clock column, the scope's condition, the audit row.
 */
import { type ApplicationClockInput, type PauseKind, storedPrecheckResult } from '@icpdesk/engine';
import type { Kysely, Transaction } from 'kysely';
import { nextStates } from '../application-transitions.ts';
import { writeAudit } from '../auth/audit.ts';
import type { ApplicationEventsTable, ApplicationsTable, Database } from '../schema.ts';
import { auditActor, companyVisible, mustWrite as mustWriteScope, type Scope } from '../scope.ts';
import type {
  Application,
  ApplicationDetail,
  ApplicationEvent,
  ChecklistEntry,
  Correction,
  Pause,
  StoredPrecheck,
} from './model.ts';

/** the `clock` column */
export interface ClockData {
  corrections: Correction[];
  pauses: Pause[];
  withdrawnOn: string | null;
  issuedOn: string | null;
  /** the latest effective date of any event after creation */
  lastOn: string | null;
}

export type Row = ApplicationsTable;
export type ListRow = Omit<Row, 'precheck_findings'>;
export type Q = Kysely<Database> | Transaction<Database>;

export const emptyClock = (): ClockData => ({
  corrections: [],
  pauses: [],
  withdrawnOn: null,
  issuedOn: null,
  lastOn: null,
});

export function clockOf(r: ListRow): ClockData {
  if (r.clock === null) return emptyClock();
  return { ...emptyClock(), ...(JSON.parse(r.clock) as Partial<ClockData>) };
}

export function toApplication(r: ListRow): Application {
  const c = clockOf(r);
  return {
    id: r.id,
    companyId: r.company_id,
    licenceCodes: JSON.parse(r.licence_codes) as string[],
    procedure: r.procedure,
    authority: r.authority,
    state: r.state,
    nextStates: nextStates(r.state, r.accepted_on !== null),
    checklist: JSON.parse(r.checklist) as Record<string, ChecklistEntry>,
    authorityReference: r.authority_reference,
    submittedOn: r.submitted_on,
    acceptedOn: r.accepted_on,
    decidedOn: r.decided_on,
    withdrawnOn: c.withdrawnOn,
    issuedOn: c.issuedOn,
    corrections: c.corrections,
    pauses: c.pauses,
    authorityDueOn: r.authority_due_on,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const storedPrecheck = (parsed: StoredPrecheck): StoredPrecheck => ({
  ...parsed,
  result: storedPrecheckResult(parsed.result),
});

export const toDetail = (r: Row): ApplicationDetail => ({
  ...toApplication(r),
  precheckFindings: r.precheck_findings === null ? null : storedPrecheck(JSON.parse(r.precheck_findings)),
});

export const toEvent = (r: ApplicationEventsTable): ApplicationEvent => ({
  id: r.id,
  kind: r.kind ?? (r.from_state === null ? 'created' : 'transition'),
  fromState: r.from_state,
  toState: r.to_state,
  on: r.effective_on,
  at: r.at,
  actorId: r.actor_id,
  note: r.note,
  attachments: JSON.parse(r.attachments) as string[],
  authorityReference: r.authority_reference,
  pauseKind: r.pause_kind as PauseKind | null,
});

/** what the engine's clocks read of an application */
export function clockInputOf(a: Application): ApplicationClockInput {
  return {
    procedure: a.procedure,
    submittedOn: a.submittedOn,
    acceptedOn: a.acceptedOn,
    corrections: a.corrections,
    pauses: a.pauses,
    decision:
      (a.state === 'approved' || a.state === 'rejected') && a.decidedOn
        ? { outcome: a.state, on: a.decidedOn }
        : null,
    withdrawnOn: a.withdrawnOn,
    issuedOn: a.issuedOn,
  };
}

export const visible = (scope: Scope) => companyVisible(scope, 'applications');
export const mustWrite = (scope: Scope) => mustWriteScope(scope, { zh: '申请', en: 'applications' });

export const audit = (
  q: Q,
  at: string,
  scope: Scope,
  action: string,
  before?: Application,
  after?: Application,
) => {
  const a = (after ?? before)!;
  return writeAudit(q, at, [
    {
      ...auditActor(scope),
      entity: 'applications',
      entityId: a.id,
      companyId: a.companyId,
      action,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    },
  ]);
};

export async function selectOne(q: Q, scope: Scope, id: string): Promise<Row | undefined> {
  return q
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', id)
    .where(visible(scope))
    .executeTakeFirst();
}
