/**
 * Obligation records (issue #11, "Keep the licence"; migration 0017): what a member recorded of an obligation
 * — done on a day, or waived with a reason — for the obligations the store has no fact of its own for (filing
 * changes and cancellations, number-resource reports, fees and use, public-security filing, the display duty,
 * changes recorded after the fact, …). They reach the engine as its `completions` and `waivers` (./facts.ts).
 *
 * Tenant-scoped like ../companies.ts: every query carries the scope's organisation, and for a client only its
 * linked companies; another organisation's id behaves like a missing one. Writes need a writer role and leave
 * an audit row (entity "obligation_records", action create | delete) in the same transaction, which raises
 * the organisation's audit version: kept obligation answers (./list.ts, the server's kept answers) are
 * computed again at the next read, in every process on the database.
 *
 * Rules of a record:
 * - the obligation is one the engine produces now (as of today in China) for what the scope sees, else
 *   OBLIGATION_UNKNOWN (take its id from the obligations list);
 * - one record per obligation: another is OBLIGATION_RECORDED (undo the first one to change it);
 * - an obligation already done by a stored fact of its own (an annual report, a change or renewal
 *   application, a filing's filing or cancellation day, a number checked as displayed) is not recorded:
 *   OBLIGATION_ALREADY_DONE — change that fact instead, so that the register stays the one account of it. If
 *   such a fact arrives after a record, the record wins (the engine takes a completion over its own fact)
 *   until it is undone;
 * - done: `on` is a real day, not after today in China (the injectable clock); no reason. Waived: a reason
 *   (1–500 characters), no day. A note (reference, file number) is optional. Else INVALID_OBLIGATION_RECORD.
 * - undo deletes the record (audited).
 */
import { isIsoDate } from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import { writeAudit } from '../auth/audit.ts';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { type Page, pageFrom } from '../keyset.ts';
import type { Id, Timestamp } from '../schema.ts';
import {
  actorIdOf,
  auditActor,
  companyVisible,
  isUniqueViolation,
  mustWrite,
  RepoError,
  type Scope,
} from '../scope.ts';
import { listObligations } from './list.ts';

export interface ObligationRecordsTable {
  id: Id;
  organisation_id: Id;
  /** the obligation's company (belongsTo.company) */
  company_id: Id;
  /** the engine's obligation id */
  obligation: string;
  /** done | waived */
  status: string;
  /** done: the day it was done (YYYY-MM-DD); null when waived */
  done_on: string | null;
  /** waived: why; null when done */
  reason: string | null;
  note: string | null;
  /** the member's user id; null for the operator at the command line */
  created_by: Id | null;
  /** who, as the audit log names them (an e-mail, or "token:<name>") */
  created_by_label: string;
  created_at: Timestamp;
}

export const obligationRecordStatuses = ['done', 'waived'] as const;
export type ObligationRecordStatus = (typeof obligationRecordStatuses)[number];

export interface ObligationRecord {
  id: string;
  obligation: string;
  companyId: string;
  status: ObligationRecordStatus;
  /** done: the day; null when waived */
  on: string | null;
  /** waived: why; null when done */
  reason: string | null;
  note: string | null;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: string;
}

export interface ObligationRecordInput {
  obligation: string;
  status: ObligationRecordStatus;
  on?: string | undefined;
  reason?: string | undefined;
  note?: string | undefined;
}

export type ObligationRecordErrorCode =
  | 'FORBIDDEN'
  | 'INVALID_OBLIGATION_RECORD'
  | 'OBLIGATION_UNKNOWN'
  | 'OBLIGATION_RECORDED'
  | 'OBLIGATION_ALREADY_DONE'
  | 'INVALID_CURSOR';

export class ObligationRecordError extends RepoError<ObligationRecordErrorCode> {}

/** the longest reason and note kept */
export const OBLIGATION_RECORD_TEXT_MAX = 500;

const what: Text = { zh: '义务记录', en: 'obligation records' };

export const toObligationRecord = (r: ObligationRecordsTable): ObligationRecord => ({
  id: r.id,
  obligation: r.obligation,
  companyId: r.company_id,
  status: r.status === 'waived' ? 'waived' : 'done',
  on: r.done_on,
  reason: r.reason,
  note: r.note,
  createdBy: r.created_by,
  createdByLabel: r.created_by_label,
  createdAt: r.created_at,
});

const invalid = (zh: string, en: string) =>
  new ObligationRecordError('INVALID_OBLIGATION_RECORD', { zh, en });

const cut = (s: string) => s.slice(0, 200);

/** the input's day, reason and note as stored, or INVALID_OBLIGATION_RECORD saying which field and why */
function checked(input: ObligationRecordInput, today: string) {
  const note = input.note?.trim() || null;
  if (note && note.length > OBLIGATION_RECORD_TEXT_MAX)
    throw invalid(
      `备注不能超过 ${OBLIGATION_RECORD_TEXT_MAX} 个字符`,
      `note: at most ${OBLIGATION_RECORD_TEXT_MAX} characters`,
    );
  if (input.status === 'done') {
    if (input.reason !== undefined)
      throw invalid(
        '标记为已完成时不填豁免理由（reason）',
        'reason: only a waiver has a reason; leave it out when done',
      );
    if (!isIsoDate(input.on))
      throw invalid(
        'on：请填写完成日期（真实存在的日期，YYYY-MM-DD）',
        'on: give the day it was done, a real date as YYYY-MM-DD',
      );
    if (input.on > today)
      throw invalid(
        `on：完成日期 ${input.on} 晚于今天（${today}，北京时间）；只能记录已经完成的事项`,
        `on: ${input.on} is after today (${today}, China); record only what has been done`,
      );
    return { done_on: input.on, reason: null, note };
  }
  if (input.status !== 'waived')
    throw invalid('status 只能是 done（已完成）或 waived（豁免）', 'status: done or waived');
  if (input.on !== undefined)
    throw invalid('豁免不填完成日期（on）', 'on: a waiver has no day; leave it out');
  const reason = input.reason?.trim() ?? '';
  if (!reason || reason.length > OBLIGATION_RECORD_TEXT_MAX)
    throw invalid(
      `reason：豁免须说明理由（1–${OBLIGATION_RECORD_TEXT_MAX} 个字符）`,
      `reason: a waiver needs its reason (1–${OBLIGATION_RECORD_TEXT_MAX} characters)`,
    );
  return { done_on: null, reason, note };
}

/** the record of an obligation the scope sees, if any */
async function recordOf(db: Db, scope: Scope, obligation: string) {
  return db.kysely
    .selectFrom('obligation_records')
    .selectAll()
    .where('obligation', '=', obligation)
    .where(companyVisible(scope, 'obligation_records'))
    .executeTakeFirst();
}

const recorded = (r: ObligationRecordsTable) =>
  new ObligationRecordError('OBLIGATION_RECORDED', {
    zh: `该义务已有记录（${r.status === 'done' ? `${r.done_on} 已完成` : '已豁免'}，${r.created_by_label} 记录）；如需更改，请先撤销该记录`,
    en: `the obligation is recorded already (${r.status === 'done' ? `done on ${r.done_on}` : 'waived'}, by ${r.created_by_label}); undo that record first to change it`,
  });

/**
 * Records an obligation done or waived (see the header for the rules). `kb` is the one the obligations are
 * computed with, to check the obligation exists now.
 */
export async function createObligationRecord(
  db: Db,
  kb: Kb,
  scope: Scope,
  input: ObligationRecordInput,
): Promise<ObligationRecord> {
  mustWrite(scope, what);
  const today = db.clock.today();
  const values = checked(input, today);
  const existing = await recordOf(db, scope, input.obligation);
  if (existing) throw recorded(existing);
  const all = await listObligations(db, kb, scope, { asOf: today });
  const o = all?.obligations.find((x) => x.id === input.obligation);
  if (!o?.belongsTo.company)
    throw new ObligationRecordError('OBLIGATION_UNKNOWN', {
      zh: `没有义务 ${cut(input.obligation)}（按今天 ${today} 计算、您可见的义务中）；请从义务列表（GET /api/v1/obligations）取用义务的 id`,
      en: `no obligation ${cut(input.obligation)} among those you see as of today (${today}); take the obligation's id from the obligations list (GET /api/v1/obligations)`,
    });
  if (o.status === 'done')
    throw new ObligationRecordError('OBLIGATION_ALREADY_DONE', {
      zh: `该义务已由其本身的登记或申请记录完成${o.doneOn ? `（${o.doneOn}）` : ''}；请修改那条记录（年报、申请、备案等），不另作记录`,
      en: `the obligation is done already by a record of its own${o.doneOn ? ` (${o.doneOn})` : ''}; change that record (annual report, application, filing, …) instead`,
    });
  const at = db.clock.now().toISOString();
  const row: ObligationRecordsTable = {
    id: newId(),
    organisation_id: scope.organisationId,
    company_id: o.belongsTo.company,
    obligation: o.id,
    status: input.status,
    ...values,
    created_by: actorIdOf(scope),
    created_by_label: scope.actorLabel ?? scope.userId,
    created_at: at,
  };
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('obligation_records').values(row).execute();
      const record = toObligationRecord(row);
      await writeAudit(trx, at, [
        {
          ...auditActor(scope),
          entity: 'obligation_records',
          entityId: row.id,
          companyId: row.company_id,
          action: 'create',
          after: record,
        },
      ]);
      return record;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // recorded by someone else between the check and the insert
    const other = await recordOf(db, scope, input.obligation);
    throw other ? recorded(other) : e;
  }
}

export interface ObligationRecordListOptions {
  limit: number;
  cursor?: string;
  companyId?: string;
  /** the record of this obligation id */
  obligation?: string;
}

/** the records the scope sees, oldest first (by id), optionally of one company or obligation */
export async function listObligationRecords(
  db: Db,
  scope: Scope,
  o: ObligationRecordListOptions,
): Promise<Page<ObligationRecord>> {
  let q = db.kysely
    .selectFrom('obligation_records')
    .selectAll()
    .where(companyVisible(scope, 'obligation_records'));
  if (o.companyId) q = q.where('company_id', '=', o.companyId);
  if (o.obligation) q = q.where('obligation', '=', o.obligation);
  if (o.cursor) q = q.where('id', '>', db.cursors.decode(o.cursor, 'id').id);
  const rows = await q
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toObligationRecord, (last) => ({
    s: 'id',
    k: null,
    id: last.id,
  }));
}

/** one record the scope sees */
export async function getObligationRecord(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ObligationRecord | undefined> {
  const row = await db.kysely
    .selectFrom('obligation_records')
    .selectAll()
    .where('id', '=', id)
    .where(companyVisible(scope, 'obligation_records'))
    .executeTakeFirst();
  return row && toObligationRecord(row);
}

/** undoes a record (deletes it, audited); undefined when the scope sees no record of that id */
export async function deleteObligationRecord(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ObligationRecord | undefined> {
  mustWrite(scope, what);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('obligation_records')
      .selectAll()
      .where('id', '=', id)
      .where(companyVisible(scope, 'obligation_records'))
      .executeTakeFirst();
    if (!current) return undefined;
    await trx
      .deleteFrom('obligation_records')
      .where('id', '=', id)
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    const before = toObligationRecord(current);
    await writeAudit(trx, db.clock.now().toISOString(), [
      {
        ...auditActor(scope),
        entity: 'obligation_records',
        entityId: id,
        companyId: current.company_id,
        action: 'delete',
        before,
      },
    ]);
    return before;
  });
}
