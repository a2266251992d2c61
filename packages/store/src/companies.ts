/**
 * Companies, tenant-scoped in the data-access layer: every function takes a `Scope` and adds
 * `organisation_id = scope.organisationId` (and, for a client, "only the companies linked to this user")
 * to each query itself, so a caller cannot forget it. An id of another organisation behaves exactly like a
 * missing id (undefined). Writes check the role (owner, admin, consultant) and record an audit_log row in the
 * same transaction (entity "companies", action create | update | delete, before/after as the API shape, and
 * the company's id as the row's company_id).
 *
 * Values handed in are already validated (USCC normalised, profile parsed) by the caller.
 */
import type { Kysely, SqlBool, Transaction } from 'kysely';
import { sql } from 'kysely';
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { newId } from './ids.ts';
import { afterKey, pageFrom } from './keyset.ts';
import type { CompaniesTable, Database } from './schema.ts';
import {
  auditActor,
  companyVisible,
  isForeignKeyViolation,
  isUniqueViolation,
  likePattern,
  mustWrite as mustWriteScope,
  RepoError,
  type Scope,
} from './scope.ts';

export type { Scope } from './scope.ts';

export type CompanyStoreErrorCode = 'FORBIDDEN' | 'USCC_TAKEN' | 'COMPANY_IN_USE' | 'INVALID_CURSOR';

export class CompanyStoreError extends RepoError<CompanyStoreErrorCode> {}

export interface Company {
  id: string;
  name: string;
  uscc: string | null;
  legalRepresentative: string | null;
  address: string | null;
  registeredCapitalCny: number | null;
  profile: Record<string, unknown> | null;
  /** the shareholder tree (engine `Shareholder[]`) */
  shareholders: unknown[];
  contacts: Contact[];
  /** the headcount; null until given */
  staffCount: number | null;
  /** the business premises: the address where the company works and its floor area (m²) */
  premisesAddress: string | null;
  premisesAreaSqm: number | null;
  createdAt: string;
  updatedAt: string;
}

/** the bounds of a company's numbers, checked wherever they come in (the API's body, a spreadsheet's cell) */
export const COMPANY_LIMITS = {
  /** the largest headcount taken */
  maxStaffCount: 10_000_000,
  /** the largest premises floor area taken, m² (an area must be more than 0) */
  maxPremisesAreaSqm: 100_000_000,
} as const;

export interface CompanyInput {
  name: string;
  uscc: string | null;
  legalRepresentative: string | null;
  address: string | null;
  registeredCapitalCny: number | null;
  profile?: Record<string, unknown> | null;
  staffCount?: number | null;
  premisesAddress?: string | null;
  premisesAreaSqm?: number | null;
}

/** a contact person; phone and e-mail normalised by the engine's validators */
export interface Contact {
  name: string;
  role?: string;
  phone?: string;
  email?: string;
}

export type CompanyPatch = Partial<CompanyInput> & {
  /** the shareholder tree (engine `Shareholder[]`, as the manifest's applicant.shareholders), validated */
  shareholders?: unknown[];
  contacts?: Contact[];
};

export type CompanySort = 'name' | 'createdAt';

export interface CompanyListOptions {
  limit: number;
  sort: CompanySort;
  cursor?: string;
  /** part of the name (case-insensitive for Latin letters) */
  q?: string;
  /** only these companies (a page's names for the ids it shows) */
  ids?: readonly string[];
}

export interface CompanyPage {
  items: Company[];
  nextCursor: string | null;
}

type Row = CompaniesTable;
type Q = Kysely<Database> | Transaction<Database>;

export const toCompany = (r: Row): Company => ({
  id: r.id,
  name: r.name,
  uscc: r.uscc,
  legalRepresentative: r.legal_representative,
  address: r.address,
  registeredCapitalCny: r.registered_capital_cny === null ? null : Number(r.registered_capital_cny),
  profile: r.profile === null ? null : (JSON.parse(r.profile) as Record<string, unknown>),
  shareholders: JSON.parse(r.shareholders) as unknown[],
  contacts: JSON.parse(r.contacts) as Contact[],
  staffCount: r.staff_count === null ? null : Number(r.staff_count),
  premisesAddress: r.premises_address,
  premisesAreaSqm: r.premises_area_sqm === null ? null : Number(r.premises_area_sqm),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const visible = (scope: Scope) => companyVisible(scope, 'companies', 'id');
const mustWrite = (scope: Scope) => mustWriteScope(scope, { zh: '公司', en: 'companies' });

const audit = (
  q: Q,
  at: string,
  scope: Scope,
  entityId: string,
  action: string,
  before?: Company,
  after?: Company,
) =>
  writeAudit(q, at, [
    {
      ...auditActor(scope),
      entity: 'companies',
      entityId,
      companyId: entityId,
      action,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    },
  ]);

async function selectOne(q: Q, scope: Scope, id: string): Promise<Row | undefined> {
  return q.selectFrom('companies').selectAll().where('id', '=', id).where(visible(scope)).executeTakeFirst();
}

async function usccTaken(q: Q, scope: Scope, uscc: string | null, exceptId?: string) {
  if (uscc === null) return;
  let query = q
    .selectFrom('companies')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('uscc', '=', uscc);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw new CompanyStoreError('USCC_TAKEN', usccTakenText(uscc));
}

const usccTakenText = (uscc: string | null | undefined) => ({
  zh: `本机构已有统一社会信用代码为 ${uscc} 的公司`,
  en: `a company with USCC ${uscc} exists in this organisation`,
});

async function translate<T>(uscc: string | null | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    // a concurrent insert won the race past the check above
    if (isUniqueViolation(e)) throw new CompanyStoreError('USCC_TAKEN', usccTakenText(uscc));
    throw e;
  }
}

export async function getCompany(db: Db, scope: Scope, id: string): Promise<Company | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && toCompany(row);
}

// ------------------------------------------------------------------ list (keyset pagination)

export async function listCompanies(db: Db, scope: Scope, o: CompanyListOptions): Promise<CompanyPage> {
  const column = o.sort === 'name' ? 'name' : 'created_at';
  let query = db.kysely.selectFrom('companies').selectAll().where(visible(scope));
  if (o.q) query = query.where(sql<SqlBool>`lower(name) like ${likePattern(o.q)} escape '\\'`);
  if (o.ids) query = o.ids.length ? query.where('id', 'in', o.ids) : query.where(sql<SqlBool>`false`);
  if (o.cursor)
    query = query.where(afterKey(column, db.cursors.decode(o.cursor, o.sort) as { k: string; id: string }));
  const rows = await query
    .orderBy(column)
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toCompany, (last) => ({
    s: o.sort,
    k: o.sort === 'name' ? last.name : last.created_at,
    id: last.id,
  }));
}

// ------------------------------------------------------------------ writes

export async function createCompany(db: Db, scope: Scope, input: CompanyInput): Promise<Company> {
  mustWrite(scope);
  const at = db.clock.now().toISOString();
  const row: Row = {
    id: newId(),
    organisation_id: scope.organisationId,
    name: input.name,
    uscc: input.uscc,
    legal_representative: input.legalRepresentative,
    address: input.address,
    registered_capital_cny: input.registeredCapitalCny,
    shareholders: '[]',
    profile: input.profile == null ? null : JSON.stringify(input.profile),
    contacts: '[]',
    staff_count: input.staffCount ?? null,
    premises_address: input.premisesAddress ?? null,
    premises_area_sqm: input.premisesAreaSqm ?? null,
    created_at: at,
    updated_at: at,
  };
  return translate(input.uscc, () =>
    db.kysely.transaction().execute(async (trx) => {
      await usccTaken(trx, scope, input.uscc);
      await trx.insertInto('companies').values(row).execute();
      const company = toCompany(row);
      await audit(trx, at, scope, row.id, 'create', undefined, company);
      return company;
    }),
  );
}

/** the updated company, or undefined when the scope sees no company of that id */
export async function updateCompany(
  db: Db,
  scope: Scope,
  id: string,
  patch: CompanyPatch,
): Promise<Company | undefined> {
  mustWrite(scope);
  return translate(patch.uscc, () =>
    db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return undefined;
      if (patch.uscc !== undefined) await usccTaken(trx, scope, patch.uscc, id);
      const at = db.clock.now().toISOString();
      const set: Partial<Row> = { updated_at: at };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.uscc !== undefined) set.uscc = patch.uscc;
      if (patch.legalRepresentative !== undefined) set.legal_representative = patch.legalRepresentative;
      if (patch.address !== undefined) set.address = patch.address;
      if (patch.registeredCapitalCny !== undefined) set.registered_capital_cny = patch.registeredCapitalCny;
      if (patch.profile !== undefined)
        set.profile = patch.profile === null ? null : JSON.stringify(patch.profile);
      if (patch.shareholders !== undefined) set.shareholders = JSON.stringify(patch.shareholders);
      if (patch.contacts !== undefined) set.contacts = JSON.stringify(patch.contacts);
      if (patch.staffCount !== undefined) set.staff_count = patch.staffCount;
      if (patch.premisesAddress !== undefined) set.premises_address = patch.premisesAddress;
      if (patch.premisesAreaSqm !== undefined) set.premises_area_sqm = patch.premisesAreaSqm;
      await trx
        .updateTable('companies')
        .set(set)
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      const before = toCompany(current);
      const after = toCompany({ ...current, ...set });
      await audit(trx, at, scope, id, 'update', before, after);
      return after;
    }),
  );
}

/** true when deleted, false when the scope sees no company of that id */
export async function deleteCompany(db: Db, scope: Scope, id: string): Promise<boolean> {
  mustWrite(scope);
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return false;
      await trx
        .deleteFrom('companies')
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      await audit(trx, db.clock.now().toISOString(), scope, id, 'delete', toCompany(current));
      return true;
    });
  } catch (e) {
    if (isForeignKeyViolation(e))
      throw new CompanyStoreError('COMPANY_IN_USE', {
        zh: '该公司已有申请、许可证、文件或登记记录（备案、域名等），不能删除',
        en: 'the company has applications, licences, documents or register entries (filings, domains, …) and cannot be deleted',
      });
    throw e;
  }
}
