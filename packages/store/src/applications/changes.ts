/**
 * How an application row changes: authority_due_on recomputed, the optimistic check, the event row and the
 * audit row, a strictly growing updated_at.
 */
import { authorityDueOn, type PauseKind } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { newId } from '../ids.ts';
import type { ApplicationEventKind, ApplicationState } from '../schema.ts';
import type { Scope } from '../scope.ts';
import { type ApplicationDetail, ApplicationStoreError } from './model.ts';
import { audit, type ClockData, clockInputOf, type Q, type Row, toApplication, toDetail } from './rows.ts';

/** the row's values after a change of its clock inputs: authority_due_on recomputed by the engine */
export function withDue(kb: Kb, current: Row, set: Partial<Row>, clock: ClockData): Partial<Row> {
  const next = { ...current, ...set, clock: JSON.stringify(clock) };
  return {
    ...set,
    clock: next.clock,
    authority_due_on: authorityDueOn(kb, clockInputOf(toApplication(next))),
  };
}

/**
 * Writes `set` if the row is still as it was read (same state and updated_at), else INVALID_TRANSITION: a
 * concurrent change won (PostgreSQL re-checks the condition after waiting for the other transaction).
 */
export async function updateIfUnchanged(
  trx: Q,
  scope: Scope,
  current: Row,
  set: Partial<Row>,
): Promise<void> {
  const r = await trx
    .updateTable('applications')
    .set(set)
    .where('id', '=', current.id)
    .where('organisation_id', '=', scope.organisationId)
    .where('state', '=', current.state)
    .where('updated_at', '=', current.updated_at)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new ApplicationStoreError('INVALID_TRANSITION', {
      zh: '处理本请求期间申请已被修改，请重新读取后再试',
      en: 'the application changed while this request was handled; read it again and retry',
    });
}

export interface EventRow {
  kind: ApplicationEventKind;
  to: ApplicationState;
  on: string;
  note?: string | null | undefined;
  attachments?: string[] | undefined;
  authorityReference?: string | null | undefined;
  pauseKind?: PauseKind | undefined;
}

export async function insertEvent(trx: Q, scope: Scope, row: Row, e: EventRow, at: string): Promise<void> {
  await trx
    .insertInto('application_events')
    .values({
      id: newId(),
      organisation_id: scope.organisationId,
      application_id: row.id,
      kind: e.kind,
      from_state: e.kind === 'created' ? null : row.state,
      to_state: e.to,
      actor_id: scope.userId,
      at,
      effective_on: e.on,
      note: e.note ?? null,
      attachments: JSON.stringify(e.attachments ?? []),
      authority_reference: e.authorityReference ?? null,
      pause_kind: e.pauseKind ?? null,
    })
    .execute();
}

/**
 * The row's new updated_at: now, or a millisecond after its current one when the clock has not moved on
 * (two changes within a millisecond). Strictly increasing per row, so (id, updated_at) names one version
 * of an application — list caches key on it, and the optimistic check in updateIfUnchanged relies on it.
 */
export function nextUpdatedAt(current: { updated_at: string }, now: Date): string {
  const last = Date.parse(current.updated_at);
  return new Date(Math.max(now.getTime(), Number.isFinite(last) ? last + 1 : 0)).toISOString();
}

/**
 * Writes a change of an application that comes with an event: the row (its clock inputs and, recomputed,
 * authority_due_on) if nobody changed it meanwhile, the event and the audit row (action: the event's kind).
 */
export async function recordChange(
  trx: Q,
  kb: Kb,
  scope: Scope,
  current: Row,
  set: Partial<Row>,
  clock: ClockData,
  e: EventRow,
  now: Date,
): Promise<ApplicationDetail> {
  clock.lastOn = e.on;
  const full = withDue(kb, current, { ...set, updated_at: nextUpdatedAt(current, now) }, clock);
  await updateIfUnchanged(trx, scope, current, full);
  await insertEvent(trx, scope, current, e, full.updated_at!);
  const next = { ...current, ...full };
  await audit(trx, full.updated_at!, scope, e.kind, toApplication(current), toApplication(next));
  return toDetail(next);
}
