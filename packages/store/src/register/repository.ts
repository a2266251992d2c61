/**
 * One repository for every register kind (./kinds.ts), tenant-scoped like ../companies.ts: every query
 * carries the scope's organisation (and, for a client, only the companies linked to it), so another
 * organisation's id behaves like a missing one (undefined → 404). Writes need a writer role, check their
 * fields with ./fields.ts (INVALID_REGISTER_ENTRY with the issues), keep the kind's key unique in the
 * organisation (REGISTER_KEY_TAKEN) and leave an audit row in the same transaction (entity: the table,
 * action create | update | delete, before/after in the API's shape, company_id the entry's company).
 */
import type { Text } from '@icpdesk/kb';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../auth/audit.ts';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { afterKey, pageFrom } from '../keyset.ts';
import type { Database, LicencesTable } from '../schema.ts';
import {
  auditActor,
  companyVisible,
  isForeignKeyViolation,
  isUniqueViolation,
  mustWrite as mustWriteScope,
  RepoError,
  type Scope,
} from '../scope.ts';
import { type AnyRow, checkValues, columnsOf, valuesOf } from './fields.ts';
import type { EntryIssue, FieldValue, RegisterContext, RegisterKind, RowChecked, Values } from './kind.ts';

export type RegisterStoreErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_REGISTER_ENTRY'
  | 'REGISTER_KEY_TAKEN'
  | 'INVALID_CURSOR';

export class RegisterStoreError extends RepoError<RegisterStoreErrorCode> {
  constructor(
    code: RegisterStoreErrorCode,
    message: Text,
    /** INVALID_REGISTER_ENTRY: what is wrong, field by field */
    readonly issues: readonly EntryIssue[] = [],
  ) {
    super(code, message);
  }
}

/** an entry as the API shows it: its fields (by the kind's keys) and these */
export type RegisterEntry = Values & {
  id: string;
  companyId: string;
  /** an annual report's licence */
  licenceId?: string;
  createdAt: string;
  updatedAt: string;
};

/** a new entry: its company (or, for an annual report, its licence) and its fields */
export type RegisterInput = Record<string, unknown> & { companyId?: string; licenceId?: string };

export interface RegisterListOptions {
  limit: number;
  /** createdAt or one of the kind's sorts */
  sort: string;
  cursor?: string;
  companyId?: string;
  licenceId?: string;
  /** kinds with a status */
  status?: string;
  /** kinds with an expiry: expires strictly before this date */
  expiringBefore?: string;
}

type Q = Kysely<Database> | Transaction<Database>;
/** the register tables are read through one loosely typed view: the kind names the table and columns */
type Loose = Kysely<Record<string, AnyRow>>;
const loose = (q: Q) => q as unknown as Loose;

const visible = (scope: Scope, kind: RegisterKind) => companyVisible(scope, kind.table) as never;
const mustWrite = (scope: Scope, kind: RegisterKind) => mustWriteScope(scope, kind.plural);

export function toEntry(kind: RegisterKind, row: AnyRow): RegisterEntry {
  return {
    id: String(row.id),
    companyId: String(row.company_id),
    ...(kind.parent === 'licence' ? { licenceId: String(row.licence_id) } : {}),
    ...valuesOf(kind, row),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  } as RegisterEntry;
}

/** the column of a key field */
export function keyColumn(kind: RegisterKind, key: string): string {
  if (key === 'companyId') return 'company_id';
  if (key === 'licenceId') return 'licence_id';
  return kind.fields.find((f) => f.key === key)!.column;
}

const audit = (
  q: Q,
  at: string,
  scope: Scope,
  kind: RegisterKind,
  action: string,
  before?: RegisterEntry,
  after?: RegisterEntry,
) =>
  writeAudit(q, at, [
    {
      ...auditActor(scope),
      entity: kind.table,
      entityId: (after ?? before)!.id,
      companyId: (after ?? before)!.companyId,
      action,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    },
  ]);

export const invalidEntry = (kind: RegisterKind, issues: readonly EntryIssue[]) =>
  new RegisterStoreError(
    'INVALID_REGISTER_ENTRY',
    {
      zh: `${kind.name.zh}：${issues.map((i) => `${i.field}：${i.message.zh}`).join('；')}`,
      en: `${kind.name.en}: ${issues.map((i) => `${i.field}: ${i.message.en}`).join('; ')}`,
    },
    issues,
  );

export const keyTaken = (kind: RegisterKind, key: Record<string, FieldValue>) =>
  new RegisterStoreError('REGISTER_KEY_TAKEN', {
    zh: `本机构已有${kind.name.zh}（${Object.values(key).join(' / ')}）`,
    en: `a ${kind.name.en} (${Object.values(key).join(' / ')}) exists in this organisation`,
  });

const notFound = (what: Text, id: string) =>
  new RegisterStoreError('NOT_FOUND', {
    zh: `${what.zh} ${id.slice(0, 100)}`,
    en: `${what.en} ${id.slice(0, 100)}`,
  });

async function selectOne(q: Q, scope: Scope, kind: RegisterKind, id: string): Promise<AnyRow | undefined> {
  return loose(q)
    .selectFrom(kind.table)
    .selectAll()
    .where('id', '=', id)
    .where(visible(scope, kind))
    .executeTakeFirst();
}

/**
 * the organisation's entry with the key of `row` (all its entries, whoever may see them: the key is unique
 * in the organisation), other than `exceptId`
 */
export async function entryWithKey(
  q: Q,
  scope: Scope,
  kind: RegisterKind,
  row: AnyRow,
  exceptId?: string,
): Promise<AnyRow | undefined> {
  let query = loose(q).selectFrom(kind.table).selectAll().where('organisation_id', '=', scope.organisationId);
  for (const k of kind.key) {
    const column = keyColumn(kind, k);
    query = query.where(column, '=', row[column] as string);
  }
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

const keyOf = (kind: RegisterKind, row: AnyRow) =>
  Object.fromEntries(kind.key.map((k) => [k, row[keyColumn(kind, k)] ?? null]));

/** the company (and, for an annual report, the licence) a new entry hangs off, as the scope sees them */
export async function parentOf(
  q: Q,
  scope: Scope,
  kind: RegisterKind,
  input: { companyId?: string | undefined; licenceId?: string | undefined },
): Promise<{ companyId: string; licence?: LicencesTable }> {
  if (kind.parent === 'licence') {
    const id = input.licenceId ?? '';
    const licence = await q
      .selectFrom('licences')
      .selectAll()
      .where('id', '=', id)
      .where(companyVisible(scope, 'licences'))
      .executeTakeFirst();
    if (!licence) throw notFound({ zh: '许可证', en: 'licence' }, id);
    return { companyId: licence.company_id, licence };
  }
  const id = input.companyId ?? '';
  const company = await q
    .selectFrom('companies')
    .select('id')
    .where('id', '=', id)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  if (!company) throw notFound({ zh: '公司', en: 'company' }, id);
  return { companyId: company.id };
}

function translate(kind: RegisterKind, e: unknown, key: Record<string, FieldValue>): unknown {
  if (isUniqueViolation(e)) return keyTaken(kind, key);
  if (isForeignKeyViolation(e)) return notFound({ zh: '公司', en: 'company' }, '');
  return e;
}

/** the kind's checks against other rows (rowCheck): its problems, or the values to store */
export const rowChecked = (
  q: Q,
  scope: Scope,
  kind: RegisterKind,
  companyId: string,
  values: Values,
): Promise<RowChecked> =>
  kind.rowCheck
    ? kind.rowCheck(q as Kysely<Database>, scope.organisationId, companyId, values)
    : Promise.resolve({ issues: [], values });

/** a checked row inserted with its audit row, in the caller's transaction */
export async function insertEntryIn(
  trx: Q,
  at: string,
  scope: Scope,
  kind: RegisterKind,
  parent: { companyId: string; licence?: LicencesTable },
  values: Values,
  action = 'create',
  extra: AnyRow = {},
): Promise<RegisterEntry> {
  const row: AnyRow = {
    id: newId(),
    organisation_id: scope.organisationId,
    company_id: parent.companyId,
    ...(parent.licence ? { licence_id: parent.licence.id } : {}),
    ...columnsOf(kind, values),
    ...extra,
    created_at: at,
    updated_at: at,
  };
  if (await entryWithKey(trx, scope, kind, row)) throw keyTaken(kind, keyOf(kind, row));
  await loose(trx).insertInto(kind.table).values(row).execute();
  const entry = toEntry(kind, row);
  await audit(trx, at, scope, kind, action, undefined, entry);
  return entry;
}

/** the row changed to `values` (and `extra` columns) with its audit row, in the caller's transaction */
export async function updateEntryIn(
  trx: Q,
  at: string,
  scope: Scope,
  kind: RegisterKind,
  current: AnyRow,
  values: Values,
  action = 'update',
  extra: AnyRow = {},
): Promise<RegisterEntry> {
  const set: AnyRow = { ...columnsOf(kind, values), ...extra, updated_at: at };
  const next = { ...current, ...set };
  if (await entryWithKey(trx, scope, kind, next, String(current.id))) throw keyTaken(kind, keyOf(kind, next));
  await loose(trx)
    .updateTable(kind.table)
    .set(set)
    .where('id', '=', String(current.id))
    .where('organisation_id', '=', scope.organisationId)
    .execute();
  const after = toEntry(kind, next);
  await audit(trx, at, scope, kind, action, toEntry(kind, current), after);
  return after;
}

// ------------------------------------------------------------------ reads

export async function getRegisterEntry(
  db: Db,
  scope: Scope,
  kind: RegisterKind,
  id: string,
): Promise<RegisterEntry | undefined> {
  const row = await selectOne(db.kysely, scope, kind, id);
  return row && toEntry(kind, row);
}

export async function listRegisterEntries(
  db: Db,
  scope: Scope,
  kind: RegisterKind,
  o: RegisterListOptions,
): Promise<{ items: RegisterEntry[]; nextCursor: string | null }> {
  const column = o.sort === 'createdAt' ? 'created_at' : keyColumn(kind, o.sort);
  let query = loose(db.kysely).selectFrom(kind.table).selectAll().where(visible(scope, kind));
  if (o.companyId) query = query.where('company_id', '=', o.companyId);
  if (o.licenceId && kind.parent === 'licence') query = query.where('licence_id', '=', o.licenceId);
  if (o.status && kind.fields.some((f) => f.key === 'status')) query = query.where('status', '=', o.status);
  if (o.expiringBefore && kind.expiry)
    query = query.where(keyColumn(kind, kind.expiry), '<', o.expiringBefore);
  if (o.cursor)
    query = query.where(
      afterKey(column, db.cursors.decode(o.cursor, o.sort) as { k: string; id: string }) as never,
    );
  const rows = await query
    .orderBy(column)
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(
    db.cursors,
    rows,
    o.limit,
    (r) => toEntry(kind, r),
    (last) => ({
      s: o.sort,
      k: last[column] as string | number,
      id: String(last.id),
    }),
  );
}

/** a company's entries of `kind` (at most `max`), or undefined when the scope sees no such company */
export async function companyEntries(
  db: Db,
  scope: Scope,
  kind: RegisterKind,
  companyId: string,
  max = 1000,
): Promise<RegisterEntry[]> {
  const rows = await loose(db.kysely)
    .selectFrom(kind.table)
    .selectAll()
    .where('company_id', '=', companyId)
    .where(visible(scope, kind))
    .orderBy('created_at')
    .orderBy('id')
    .limit(max)
    .execute();
  return rows.map((r) => toEntry(kind, r));
}

// ------------------------------------------------------------------ writes

export async function createRegisterEntry(
  db: Db,
  scope: Scope,
  ctx: RegisterContext,
  kind: RegisterKind,
  input: RegisterInput,
): Promise<RegisterEntry> {
  mustWrite(scope, kind);
  let key: Record<string, FieldValue> = {};
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const parent = await parentOf(trx, scope, kind, input);
      const r = checkValues(kind, input, ctx, parent.licence);
      if (!r.ok) throw invalidEntry(kind, r.issues);
      const more = await rowChecked(trx, scope, kind, parent.companyId, r.values);
      if (!more.values) throw invalidEntry(kind, more.issues);
      const values = more.values;
      key = Object.fromEntries(kind.key.map((k) => [k, values[k] ?? parent.companyId]));
      return insertEntryIn(trx, db.clock.now().toISOString(), scope, kind, parent, values);
    });
  } catch (e) {
    throw translate(kind, e, key);
  }
}

/** the changed entry, or undefined when the scope sees none of that id; the whole entry is re-checked */
export async function updateRegisterEntry(
  db: Db,
  scope: Scope,
  ctx: RegisterContext,
  kind: RegisterKind,
  id: string,
  patch: Record<string, unknown>,
): Promise<RegisterEntry | undefined> {
  mustWrite(scope, kind);
  let key: Record<string, FieldValue> = {};
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, kind, id);
      if (!current) return undefined;
      const licence =
        kind.parent === 'licence'
          ? await trx
              .selectFrom('licences')
              .selectAll()
              .where('id', '=', String(current.licence_id))
              .where('organisation_id', '=', scope.organisationId)
              .executeTakeFirst()
          : undefined;
      const r = checkValues(kind, { ...valuesOf(kind, current), ...patch }, ctx, licence);
      if (!r.ok) throw invalidEntry(kind, r.issues);
      const more = await rowChecked(trx, scope, kind, String(current.company_id), r.values);
      if (!more.values) throw invalidEntry(kind, more.issues);
      const values = more.values;
      key = Object.fromEntries(kind.key.map((k) => [k, values[k] ?? String(current.company_id)]));
      return updateEntryIn(trx, db.clock.now().toISOString(), scope, kind, current, values);
    });
  } catch (e) {
    throw translate(kind, e, key);
  }
}

/** true when deleted, false when the scope sees no entry of that id */
export async function deleteRegisterEntry(
  db: Db,
  scope: Scope,
  kind: RegisterKind,
  id: string,
): Promise<boolean> {
  mustWrite(scope, kind);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, kind, id);
    if (!current) return false;
    await loose(trx)
      .deleteFrom(kind.table)
      .where('id', '=', id)
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    await audit(trx, db.clock.now().toISOString(), scope, kind, 'delete', toEntry(kind, current));
    return true;
  });
}
