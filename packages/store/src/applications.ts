/**
 * Applications (cases) and their events, tenant-scoped in the data-access layer like companies.ts: every
 * function takes a `Scope` and adds `organisation_id = scope.organisationId` (for a client also "only the
 * applications of companies linked to it") to each query; another organisation's id behaves exactly like a
 * missing one (undefined → 404). Writes need owner, admin or consultant, and leave an audit row (entity
 * "applications", the API shape before/after, the company id) in the same transaction as the write.
 *
 * - State changes follow the table in ./application-transitions.ts (INVALID_TRANSITION otherwise, with the
 *   allowed next states). Every change is an application_events row: who, when it was recorded (`at`), the
 *   day it took effect (`effective_on`, never before the previous event's and never after today), a note,
 *   attachments (document ids of the organisation) and the authority's reference.
 * - Expert review, inspection, hearings and testing are events that pause the review clock without changing
 *   the state (pause-started / pause-ended); so is the licence being issued (licence-issued).
 * - The statutory clocks are the engine's (`applicationClock`); what they need is kept on the row (the date
 *   columns and the `clock` JSON) and `authority_due_on` (engine `authorityDueOn`) is rewritten with every
 *   change, so a list computes clocks and filters overdue applications without a join.
 *
 * Values handed in (licence codes, authority, material ids) are validated against kb/ by the caller; the
 * store checks what needs the database (the company, documents, states, dates).
 */
import {
  type ApplicationClockInput,
  applicationClock,
  assessedAuthority,
  authorityDueOn,
  type PauseKind,
} from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import type { Kysely, Transaction } from 'kysely';
import { isFinal, nextStates } from './application-transitions.ts';
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { newId } from './ids.ts';
import {
  type ApplicationEventKind,
  type ApplicationEventsTable,
  type ApplicationState,
  type ApplicationsTable,
  applicationStates,
  type Database,
  type Procedure,
} from './schema.ts';
import {
  auditActor,
  companyVisible,
  cursorNotOurs,
  decodeCursor,
  encodeCursor,
  isForeignKeyViolation,
  mustWrite as mustWriteScope,
  RepoError,
  type Scope,
} from './scope.ts';

export const applicationStoreErrorCodes = [
  'FORBIDDEN',
  'INVALID_CURSOR',
  'INVALID_TRANSITION',
  'NOT_DRAFT',
  'APPLICATION_INCOMPLETE',
  'APPLICATION_IN_USE',
  'INVALID_EVENT_DATE',
  'EVENT_NOT_ALLOWED',
  'COMPANY_UNKNOWN',
  'UNKNOWN_DOCUMENT',
  'DOCUMENT_OF_OTHER_COMPANY',
] as const;
export type ApplicationStoreErrorCode = (typeof applicationStoreErrorCodes)[number];

export class ApplicationStoreError extends RepoError<ApplicationStoreErrorCode> {}

export const checklistStatuses = ['todo', 'ready', 'not-applicable'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

export interface ChecklistEntry {
  status: ChecklistStatus;
  documentIds?: string[];
  note?: string;
}

export interface Correction {
  requestedOn: string;
  correctedOn: string | null;
}

export interface Pause {
  kind: PauseKind;
  from: string;
  to: string | null;
}

/** the `clock` column */
interface ClockData {
  corrections: Correction[];
  pauses: Pause[];
  withdrawnOn: string | null;
  issuedOn: string | null;
  /** the latest effective date of any event after creation */
  lastOn: string | null;
}

export interface Application {
  id: string;
  companyId: string;
  /** e.g. ["B25:internet"] */
  licenceCodes: string[];
  procedure: Procedure;
  authority: string | null;
  state: ApplicationState;
  /** the states it may move to next */
  nextStates: ApplicationState[];
  checklist: Record<string, ChecklistEntry>;
  authorityReference: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  decidedOn: string | null;
  withdrawnOn: string | null;
  issuedOn: string | null;
  corrections: Correction[];
  pauses: Pause[];
  /** the day after which the authority is overdue as the events stand, or null */
  authorityDueOn: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationDetail extends Application {
  /** the last precheck's findings, or null before one ran */
  precheckFindings: unknown;
}

export interface ApplicationEvent {
  id: string;
  kind: ApplicationEventKind;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  /** the day it took effect */
  on: string | null;
  /** when it was recorded */
  at: string;
  actorId: string | null;
  note: string | null;
  attachments: string[];
  authorityReference: string | null;
  pauseKind: PauseKind | null;
}

export interface ApplicationInput {
  companyId: string;
  licenceCodes: string[];
  procedure: Procedure;
  /** left out: the one the engine assesses from the company's stored profile as of today (else null) */
  authority?: string | null;
  checklist?: Record<string, ChecklistEntry>;
  authorityReference?: string | null;
  /** today in Asia/Shanghai: the created event's date */
  today: string;
}

export interface ApplicationPatch {
  /** draft only */
  companyId?: string;
  /** draft only */
  licenceCodes?: string[];
  /** draft only */
  procedure?: Procedure;
  /** draft only */
  authority?: string | null;
  authorityReference?: string | null;
  /** merged into the progress; null removes an item's entry */
  checklist?: Record<string, ChecklistEntry | null>;
}

interface EventCommon {
  /** the day it took effect */
  on: string;
  /** today in Asia/Shanghai: `on` may not be later */
  today: string;
  note?: string | null;
  attachments?: string[];
  authorityReference?: string | null;
}

export interface TransitionInput extends EventCommon {
  to: ApplicationState;
}

export type EventInput = EventCommon &
  ({ kind: 'pause-started'; pauseKind: PauseKind } | { kind: 'pause-ended' } | { kind: 'licence-issued' });

export type ApplicationSort = 'createdAt' | 'updatedAt';

export interface ApplicationListOptions {
  limit: number;
  sort: ApplicationSort;
  order: 'asc' | 'desc';
  cursor?: string;
  companyId?: string;
  state?: ApplicationState;
  authority?: string;
  /** only applications the authority is (true) or is not (false) overdue with as of `today` */
  overdue?: boolean;
  today: string;
}

export interface ApplicationPage {
  items: Application[];
  nextCursor: string | null;
}

type Row = ApplicationsTable;
type ListRow = Omit<Row, 'precheck_findings'>;
type Q = Kysely<Database> | Transaction<Database>;

const emptyClock = (): ClockData => ({
  corrections: [],
  pauses: [],
  withdrawnOn: null,
  issuedOn: null,
  lastOn: null,
});

function clockOf(r: ListRow): ClockData {
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

const toDetail = (r: Row): ApplicationDetail => ({
  ...toApplication(r),
  precheckFindings: r.precheck_findings === null ? null : JSON.parse(r.precheck_findings),
});

const toEvent = (r: ApplicationEventsTable): ApplicationEvent => ({
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

const visible = (scope: Scope) => companyVisible(scope, 'applications');
const mustWrite = (scope: Scope) => mustWriteScope(scope, { zh: '申请', en: 'applications' });

const audit = (q: Q, scope: Scope, action: string, before?: Application, after?: Application) => {
  const a = (after ?? before)!;
  return writeAudit(q, [
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

async function selectOne(q: Q, scope: Scope, id: string): Promise<Row | undefined> {
  return q
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', id)
    .where(visible(scope))
    .executeTakeFirst();
}

// ------------------------------------------------------------------ reads

export async function getApplication(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ApplicationDetail | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && toDetail(row);
}

/** the application's events in the order they were recorded, or undefined when the scope sees no such application */
export async function listApplicationEvents(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ApplicationEvent[] | undefined> {
  const app = await db.kysely
    .selectFrom('applications')
    .select('id')
    .where('id', '=', id)
    .where(visible(scope))
    .executeTakeFirst();
  if (!app) return undefined;
  const rows = await db.kysely
    .selectFrom('application_events')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('application_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map(toEvent);
}

const listColumns = [
  'id',
  'organisation_id',
  'company_id',
  'licence_codes',
  'procedure',
  'authority',
  'state',
  'checklist',
  'authority_reference',
  'submitted_on',
  'accepted_on',
  'decided_on',
  'clock',
  'authority_due_on',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/**
 * One page, newest or oldest first: `createdAt` is id order (UUIDv7 ids increase with creation, strictly within
 * a process), served by the (organisation_id, id) and (organisation_id, state, id) indexes; `updatedAt` is
 * (updated_at, id). One query, no join beyond a client's links.
 */
/** the filtered, ordered query of one page (limit + 1 rows), before its columns are chosen */
function pageQuery(db: Db, scope: Scope, o: ApplicationListOptions) {
  const sortKey = `${o.sort}:${o.order}`;
  const after = o.order === 'asc' ? '>' : '<';
  let query = db.kysely.selectFrom('applications').where(visible(scope));
  if (o.companyId) query = query.where('company_id', '=', o.companyId);
  if (o.state) query = query.where('state', '=', o.state);
  if (o.authority) query = query.where('authority', '=', o.authority);
  if (o.overdue === true)
    query = query.where('authority_due_on', 'is not', null).where('authority_due_on', '<', o.today);
  if (o.overdue === false)
    query = query.where((eb) =>
      eb.or([eb('authority_due_on', 'is', null), eb('authority_due_on', '>=', o.today)]),
    );
  if (o.cursor) {
    const c = decodeCursor(o.cursor, sortKey);
    const k = c.k;
    if (typeof k !== 'string') throw new ApplicationStoreError('INVALID_CURSOR', cursorNotOurs);
    query =
      o.sort === 'createdAt'
        ? query.where('id', after, c.id)
        : query.where((eb) =>
            eb.or([eb('updated_at', after, k), eb.and([eb('updated_at', '=', k), eb('id', after, c.id)])]),
          );
  }
  if (o.sort === 'updatedAt') query = query.orderBy('updated_at', o.order);
  return query.orderBy('id', o.order).limit(o.limit + 1);
}

const pageCursor = (o: ApplicationListOptions, rows: readonly { id: string; updated_at: string }[]) => {
  const last = rows[o.limit - 1];
  return rows.length > o.limit && last
    ? encodeCursor({
        s: `${o.sort}:${o.order}`,
        k: o.sort === 'createdAt' ? last.id : last.updated_at,
        id: last.id,
      })
    : null;
};

export async function listApplications(
  db: Db,
  scope: Scope,
  o: ApplicationListOptions,
): Promise<ApplicationPage> {
  const rows = await pageQuery(db, scope, o).select(listColumns).execute();
  return { items: rows.slice(0, o.limit).map(toApplication), nextCursor: pageCursor(o, rows) };
}

/** one version of an application: (id, updatedAt) names it, since updated_at grows with every change */
export interface ApplicationVersion {
  id: string;
  updatedAt: string;
}

/**
 * The same page as listApplications, as the versions of its applications only (an index-sized read), for a
 * caller that keeps applications it has seen by version and fetches the others with applicationsByIds.
 */
export async function listApplicationVersions(
  db: Db,
  scope: Scope,
  o: ApplicationListOptions,
): Promise<{ versions: ApplicationVersion[]; nextCursor: string | null }> {
  const rows = await pageQuery(db, scope, o).select(['id', 'updated_at']).execute();
  return {
    versions: rows.slice(0, o.limit).map((r) => ({ id: r.id, updatedAt: r.updated_at })),
    nextCursor: pageCursor(o, rows),
  };
}

/** the applications of these ids that the scope sees, in no particular order */
export async function applicationsByIds(
  db: Db,
  scope: Scope,
  ids: readonly string[],
): Promise<Application[]> {
  if (!ids.length) return [];
  const rows = await db.kysely
    .selectFrom('applications')
    .select(listColumns)
    .where(visible(scope))
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toApplication);
}

// ------------------------------------------------------------------ checks

/** the company's stored profile (JSON text or null); COMPANY_UNKNOWN unless the scope sees the company */
async function checkCompany(q: Q, scope: Scope, companyId: string): Promise<{ profile: string | null }> {
  const company = await q
    .selectFrom('companies')
    .select('profile')
    .where('id', '=', companyId)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  if (!company)
    throw new ApplicationStoreError('COMPANY_UNKNOWN', {
      zh: `本机构没有公司 ${companyId.slice(0, 100)}`,
      en: `no company ${companyId.slice(0, 100)} in this organisation`,
    });
  return company;
}

/**
 * UNKNOWN_DOCUMENT unless every id is a document of the organisation; DOCUMENT_OF_OTHER_COMPANY when one
 * belongs to another company than the application's (its id would otherwise show to that company's client)
 */
async function checkDocuments(q: Q, scope: Scope, companyId: string, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  const found = await q
    .selectFrom('documents')
    .select(['id', 'company_id'])
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', wanted)
    .execute();
  const have = new Set(found.map((d) => d.id));
  const missing = wanted.filter((id) => !have.has(id));
  if (missing.length)
    throw new ApplicationStoreError('UNKNOWN_DOCUMENT', {
      zh: `本机构没有文件 ${missing.map((m) => m.slice(0, 100)).join('、')}`,
      en: `no document ${missing.map((m) => m.slice(0, 100)).join(', ')} in this organisation`,
    });
  const foreign = found.filter((d) => d.company_id !== companyId).map((d) => d.id);
  if (foreign.length)
    throw new ApplicationStoreError('DOCUMENT_OF_OTHER_COMPANY', {
      zh: `文件 ${foreign.join('、')} 属于其他公司，不能用于公司 ${companyId} 的申请`,
      en: `document ${foreign.join(', ')} belongs to another company than the application's (${companyId})`,
    });
}

const checklistDocuments = (c: Record<string, ChecklistEntry | null> | undefined) =>
  Object.values(c ?? {}).flatMap((e) => e?.documentIds ?? []);

/** INVALID_EVENT_DATE when `on` is after today or before the previous event */
function checkDate(clock: ClockData, on: string, today: string): void {
  if (on > today)
    throw new ApplicationStoreError('INVALID_EVENT_DATE', {
      zh: `${on} 晚于今天（今天是 ${today}）`,
      en: `${on} is in the future (today is ${today})`,
    });
  if (clock.lastOn && on < clock.lastOn)
    throw new ApplicationStoreError('INVALID_EVENT_DATE', {
      zh: `${on} 早于上一事件（${clock.lastOn}）；事件须按时间顺序记录`,
      en: `${on} is before the previous event (${clock.lastOn}); events are recorded in order`,
    });
}

/** the row's values after a change of its clock inputs: authority_due_on recomputed by the engine */
function withDue(kb: Kb, current: Row, set: Partial<Row>, clock: ClockData): Partial<Row> {
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
async function updateIfUnchanged(trx: Q, scope: Scope, current: Row, set: Partial<Row>): Promise<void> {
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

interface EventRow {
  kind: ApplicationEventKind;
  to: ApplicationState;
  on: string;
  note?: string | null | undefined;
  attachments?: string[] | undefined;
  authorityReference?: string | null | undefined;
  pauseKind?: PauseKind | undefined;
}

async function insertEvent(trx: Q, scope: Scope, row: Row, e: EventRow, at: string): Promise<void> {
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
 * Writes a change of an application that comes with an event: the row (its clock inputs and, recomputed,
 * authority_due_on) if nobody changed it meanwhile, the event and the audit row (action: the event's kind).
 */
/**
 * The row's new updated_at: now, or a millisecond after its current one when the clock has not moved on
 * (two changes within a millisecond). Strictly increasing per row, so (id, updated_at) names one version
 * of an application — list caches key on it, and the optimistic check in updateIfUnchanged relies on it.
 */
export function nextUpdatedAt(current: { updated_at: string }, now = new Date()): string {
  const last = Date.parse(current.updated_at);
  return new Date(Math.max(now.getTime(), Number.isFinite(last) ? last + 1 : 0)).toISOString();
}

async function recordChange(
  trx: Q,
  kb: Kb,
  scope: Scope,
  current: Row,
  set: Partial<Row>,
  clock: ClockData,
  e: EventRow,
): Promise<ApplicationDetail> {
  clock.lastOn = e.on;
  const full = withDue(kb, current, { ...set, updated_at: nextUpdatedAt(current) }, clock);
  await updateIfUnchanged(trx, scope, current, full);
  await insertEvent(trx, scope, current, e, full.updated_at!);
  const next = { ...current, ...full };
  await audit(trx, scope, e.kind, toApplication(current), toApplication(next));
  return toDetail(next);
}

// ------------------------------------------------------------------ writes

export async function createApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  input: ApplicationInput,
): Promise<ApplicationDetail> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const company = await checkCompany(trx, scope, input.companyId);
    await checkDocuments(trx, scope, input.companyId, checklistDocuments(input.checklist));
    const authority =
      input.authority !== undefined
        ? input.authority
        : assessedAuthority(kb, company.profile && JSON.parse(company.profile), input.today);
    const at = new Date().toISOString();
    const base: Row = {
      id: newId(),
      organisation_id: scope.organisationId,
      company_id: input.companyId,
      licence_codes: JSON.stringify(input.licenceCodes),
      procedure: input.procedure,
      authority,
      state: 'draft',
      checklist: JSON.stringify(input.checklist ?? {}),
      precheck_findings: null,
      authority_reference: input.authorityReference ?? null,
      submitted_on: null,
      accepted_on: null,
      decided_on: null,
      clock: null,
      authority_due_on: null,
      created_by: scope.userId,
      created_at: at,
      updated_at: at,
    };
    const row: Row = { ...base, ...withDue(kb, base, {}, emptyClock()) };
    await trx.insertInto('applications').values(row).execute();
    await insertEvent(trx, scope, row, { kind: 'created', to: 'draft', on: input.today }, at);
    const app = toDetail(row);
    await audit(trx, scope, 'create', undefined, toApplication(row));
    return app;
  });
}

/** the updated application, or undefined when the scope sees no application of that id */
export async function updateApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  patch: ApplicationPatch,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const draftOnly = (['companyId', 'licenceCodes', 'procedure', 'authority'] as const).filter(
      (k) => patch[k] !== undefined,
    );
    if (draftOnly.length && current.state !== 'draft')
      throw new ApplicationStoreError('NOT_DRAFT', {
        zh: `${draftOnly.join('、')} 只能在申请为草稿时修改（当前状态为 ${current.state}）`,
        en: `${draftOnly.join(', ')} can change only while the application is a draft (it is ${current.state})`,
      });
    if (patch.companyId !== undefined) await checkCompany(trx, scope, patch.companyId);
    const merged = JSON.parse(current.checklist) as Record<string, ChecklistEntry>;
    for (const [item, entry] of Object.entries(patch.checklist ?? {}))
      if (entry === null) delete merged[item];
      else merged[item] = entry;
    const companyId = patch.companyId ?? current.company_id;
    // the documents the patch names belong to the application's company; a new company must own those
    // named before too
    const named = checklistDocuments(companyId === current.company_id ? patch.checklist : merged);
    await checkDocuments(trx, scope, companyId, named);
    const set: Partial<Row> = { updated_at: nextUpdatedAt(current) };
    if (patch.companyId !== undefined) set.company_id = patch.companyId;
    if (patch.licenceCodes !== undefined) set.licence_codes = JSON.stringify(patch.licenceCodes);
    if (patch.procedure !== undefined) set.procedure = patch.procedure;
    if (patch.authority !== undefined) set.authority = patch.authority;
    if (patch.authorityReference !== undefined) set.authority_reference = patch.authorityReference;
    if (patch.checklist !== undefined) set.checklist = JSON.stringify(merged);
    const full = withDue(kb, current, set, clockOf(current));
    await updateIfUnchanged(trx, scope, current, full);
    const after = toDetail({ ...current, ...full });
    await audit(trx, scope, 'update', toApplication(current), toApplication({ ...current, ...full }));
    return after;
  });
}

/** a stored precheck of the application's package: when, as of which day, of which file, and what it found */
export interface StoredPrecheck {
  ranAt: string;
  asOf: string;
  package: { sha256: string; sizeBytes: number };
  /** findings that name the application's own records (company USCC, licence codes) */
  consistency: { id: string; severity: 'error' | 'warning'; message: { zh: string; en: string } }[];
  result: unknown;
}

/**
 * Stores a precheck of the application's package (replacing the previous one) with an audit row (action
 * "precheck", before/after the stored prechecks); the application's details, or undefined when the scope
 * sees no application of that id.
 */
export async function recordPrecheck(
  db: Db,
  scope: Scope,
  id: string,
  precheck: StoredPrecheck,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const set: Partial<Row> = {
      updated_at: nextUpdatedAt(current),
      precheck_findings: JSON.stringify(precheck),
    };
    await updateIfUnchanged(trx, scope, current, set);
    const before = toDetail(current);
    const after = toDetail({ ...current, ...set });
    await writeAudit(trx, [
      {
        ...auditActor(scope),
        entity: 'applications',
        entityId: id,
        companyId: current.company_id,
        action: 'precheck',
        before: { id, precheckFindings: before.precheckFindings },
        after: { id, precheckFindings: after.precheckFindings },
      },
    ]);
    return after;
  });
}

/** true when deleted, false when the scope sees no application of that id; drafts only */
export async function deleteApplication(db: Db, scope: Scope, id: string): Promise<boolean> {
  mustWrite(scope);
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return false;
      if (current.state !== 'draft')
        throw new ApplicationStoreError('NOT_DRAFT', {
          zh: `只有草稿才能删除（该申请的状态为 ${current.state}），请改为撤回`,
          en: `only a draft can be deleted (the application is ${current.state}); withdraw it instead`,
        });
      await trx
        .deleteFrom('applications')
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      await audit(trx, scope, 'delete', toApplication(current));
      return true;
    });
  } catch (e) {
    if (isForeignKeyViolation(e))
      throw new ApplicationStoreError('APPLICATION_IN_USE', {
        zh: '该申请已关联文件，请先删除这些文件',
        en: 'documents are linked to the application; delete them first',
      });
    throw e;
  }
}

/** closes the open correction and pauses on `on` (a final state ends every clock) */
function closeAll(c: ClockData, on: string): void {
  for (const k of c.corrections) k.correctedOn ??= on;
  for (const p of c.pauses) p.to ??= on;
}

/**
 * Moves an application to another state (an event, an audit row, the clock inputs and authority_due_on);
 * undefined when the scope sees no application of that id.
 */
export async function transitionApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  t: TransitionInput,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const allowed = nextStates(current.state, current.accepted_on !== null);
    if (!allowed.includes(t.to))
      throw new ApplicationStoreError('INVALID_TRANSITION', {
        zh: `不允许从 ${current.state} 变更为 ${t.to}；可变更为：${
          allowed.length ? allowed.join('、') : `无（${current.state} 是终态）`
        }`,
        en: `${current.state} → ${t.to} is not allowed; allowed next states: ${
          allowed.length ? allowed.join(', ') : `none (${current.state} is final)`
        }`,
      });
    if (t.to === 'submitted' && current.authority === null)
      throw new ApplicationStoreError('APPLICATION_INCOMPLETE', {
        zh: '草稿未指定许可机关；提交前请先设置（PATCH authority）',
        en: 'the draft names no authority; set one (PATCH authority) before submitting',
      });
    const clock = clockOf(current);
    checkDate(clock, t.on, t.today);
    await checkDocuments(trx, scope, current.company_id, t.attachments ?? []);
    const set: Partial<Row> = { state: t.to };
    if (t.authorityReference !== undefined) set.authority_reference = t.authorityReference;
    switch (t.to) {
      case 'submitted':
        set.submitted_on = t.on;
        break;
      case 'accepted':
        set.accepted_on = t.on;
        break;
      case 'correction-requested':
        clock.corrections.push({ requestedOn: t.on, correctedOn: null });
        break;
      case 'corrected': {
        const open = clock.corrections.findLast((k) => k.correctedOn === null);
        if (open) open.correctedOn = t.on;
        break;
      }
      case 'approved':
      case 'rejected':
        set.decided_on = t.on;
        closeAll(clock, t.on);
        break;
      case 'withdrawn':
        clock.withdrawnOn = t.on;
        closeAll(clock, t.on);
        break;
      case 'draft':
        break;
    }
    return recordChange(trx, kb, scope, current, set, clock, {
      kind: 'transition',
      to: t.to,
      on: t.on,
      note: t.note,
      attachments: t.attachments,
      authorityReference: t.authorityReference,
    });
  });
}

const REVIEW_RUNNING = new Set(['on-time', 'due-soon', 'overdue']);

/**
 * Records an event that does not change the state: an expert review, inspection, hearing or testing that
 * pauses the review clock (started / ended), or the licence being issued. EVENT_NOT_ALLOWED when it does not
 * fit (no review running, a pause already open or none open, not approved or already issued).
 */
export async function recordApplicationEvent(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  e: EventInput,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute((trx) => recordApplicationEventIn(trx, kb, scope, id, e));
}

/**
 * recordApplicationEvent inside a transaction of the caller's — e.g. creating the licence of an approved
 * application records `licence-issued` on it in the same transaction. The caller checks the role.
 */
export async function recordApplicationEventIn(
  trx: Transaction<Database>,
  kb: Kb,
  scope: Scope,
  id: string,
  e: EventInput,
): Promise<ApplicationDetail | undefined> {
  const current = await selectOne(trx, scope, id);
  if (!current) return undefined;
  const clock = clockOf(current);
  checkDate(clock, e.on, e.today);
  const refuse: (why: Text) => never = (why) => {
    throw new ApplicationStoreError('EVENT_NOT_ALLOWED', why);
  };
  const open = clock.pauses.find((p) => p.to === null);
  switch (e.kind) {
    case 'pause-started': {
      if (open)
        refuse({
          zh: `自 ${open.from} 起已有一个 ${open.kind} 中止尚未结束，请先结束它`,
          en: `a ${open.kind} pause is open since ${open.from}; end it first`,
        });
      const app = toApplication(current);
      const decision = applicationClock(kb, clockInputOf(app), e.on).steps.find((s) => s.id === 'decision');
      if (isFinal(current.state) || !decision || !REVIEW_RUNNING.has(decision.status))
        refuse({
          zh: `${e.on} 不在审查期限计算期间内（该申请的状态为 ${current.state}）`,
          en: `the review period is not running on ${e.on} (the application is ${current.state})`,
        });
      clock.pauses.push({ kind: e.pauseKind, from: e.on, to: null });
      break;
    }
    case 'pause-ended':
      if (!open) refuse({ zh: '当前没有未结束的中止', en: 'no pause is open' });
      open.to = e.on;
      break;
    case 'licence-issued':
      if (current.state !== 'approved')
        refuse({
          zh: `只有已批准的申请才会发放许可证（该申请的状态为 ${current.state}）`,
          en: `a licence is issued on an approved application (this one is ${current.state})`,
        });
      if (current.procedure === 'cancellation')
        refuse({ zh: '注销申请不发放许可证', en: 'a cancellation issues no licence' });
      if (clock.issuedOn)
        refuse({
          zh: `已记录许可证于 ${clock.issuedOn} 发放`,
          en: `the licence was recorded as issued on ${clock.issuedOn}`,
        });
      clock.issuedOn = e.on;
      break;
  }
  await checkDocuments(trx, scope, current.company_id, e.attachments ?? []);
  const set: Partial<Row> = {};
  if (e.authorityReference !== undefined) set.authority_reference = e.authorityReference;
  return recordChange(trx, kb, scope, current, set, clock, {
    kind: e.kind,
    to: current.state,
    on: e.on,
    note: e.note,
    attachments: e.attachments,
    authorityReference: e.authorityReference,
    pauseKind: e.kind === 'pause-started' ? e.pauseKind : undefined,
  });
}

// ------------------------------------------------------------------ after a knowledge-base change

/** applications read at a time when due dates are recomputed */
const REFRESH_PAGE = 500;

/**
 * Recomputes the stored authority_due_on of every application still with the authority, under `kb`: the
 * stored date was computed under the kb of its last change, and a new kb (holidays of a new year, a changed
 * time limit) may move it. Rows whose date moves are updated with a new version (updated_at) and an audit row
 * by "system" (action "recompute"); the others are left alone. Returns how many moved. The server runs it at
 * start, so that `overdue` filters read dates of the kb it serves.
 */
export async function refreshAuthorityDueDates(db: Db, kb: Kb, pageSize = REFRESH_PAGE): Promise<number> {
  const open = applicationStates.filter((s) => s !== 'draft' && !isFinal(s));
  let moved = 0;
  // a page at a time, so that memory stays bounded however many applications there are
  for (let after = ''; ; ) {
    const rows = await db.kysely
      .selectFrom('applications')
      .selectAll()
      .where('state', 'in', open)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (!rows.length) break;
    after = rows[rows.length - 1]!.id;
    moved += await refreshPage(db, kb, rows);
  }
  return moved;
}

async function refreshPage(db: Db, kb: Kb, rows: readonly Row[]): Promise<number> {
  let moved = 0;
  for (const row of rows) {
    const due = authorityDueOn(kb, clockInputOf(toApplication(row)));
    if (due === row.authority_due_on) continue;
    await db.kysely.transaction().execute(async (trx) => {
      const set: Partial<Row> = { authority_due_on: due, updated_at: nextUpdatedAt(row) };
      const r = await trx
        .updateTable('applications')
        .set(set)
        .where('id', '=', row.id)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return; // changed meanwhile: that change computed it anew
      await writeAudit(trx, [
        {
          organisationId: row.organisation_id,
          actorId: null,
          actorLabel: 'system',
          entity: 'applications',
          entityId: row.id,
          companyId: row.company_id,
          action: 'recompute',
          before: { id: row.id, authorityDueOn: row.authority_due_on, kbVersion: null },
          after: { id: row.id, authorityDueOn: due, kbVersion: kb.version },
        },
      ]);
      moved++;
    });
  }
  return moved;
}
