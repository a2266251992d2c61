/**
 * Importing companies and licences from a spreadsheet (./sheet.ts), all or nothing:
 *
 * 1. the header is mapped to columns (./columns.ts); unknown, repeated or missing columns → IMPORT_HEADER;
 * 2. every row is checked — companies: name, USCC (engine validateUscc), legal representative, address,
 *    registered capital (engine validateMoney); licences: the company (by USCC or id, one the scope sees),
 *    and every field by ../licence-rules.ts — and so are duplicates within the file and against the
 *    organisation's rows (USCC, licence number);
 * 3. any error → IMPORT_ROWS_INVALID with every error found (row, column, code, zh/en message), and nothing
 *    is written;
 * 4. otherwise the rows are inserted in batches with an audit row each (action "import", after = the API
 *    shape), all in ONE transaction: a failure of the database midway rolls every row back.
 *
 * A dry run does all of it, inserts included, and then rolls the transaction back: what it reports is what
 * the import would do.
 */
import { normaliseCode, validateUscc } from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import type { Transaction } from 'kysely';
import { type AuditEntry, writeAudit } from '../auth/audit.ts';
import { type Company, toCompany } from '../companies.ts';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { checkLicence } from '../licence-rules.ts';
import { licenceRow, toLicence } from '../licences.ts';
import type { CompaniesTable, Database, LicencesTable } from '../schema.ts';
import { auditActor, companyVisible, isUniqueViolation, mustWrite, RepoError, type Scope } from '../scope.ts';
import {
  type Column,
  cellAt,
  companyColumns,
  type HeaderMap,
  licenceColumns,
  mapHeader,
  type Read,
  type RowError,
  readArea,
  readCount,
  readDate,
  readList,
  readMoney,
  readText,
  statusLabels,
} from './columns.ts';
import type { Sheet, SheetRow } from './sheet.ts';

export interface ImportReport {
  /** data rows read (blank rows are not counted) */
  rows: number;
  /** rows written (0 on a dry run or when refused) */
  imported: number;
  dryRun: boolean;
  errors: RowError[];
  /** the ids of the rows written, in row order */
  ids: string[];
}

export type ImportRefusal = 'IMPORT_HEADER' | 'IMPORT_ROWS_INVALID';

/** the import was refused; `report` says why, row by row */
export class ImportRejected extends RepoError<ImportRefusal> {
  constructor(
    code: ImportRefusal,
    readonly report: ImportReport,
  ) {
    super(code, `${report.errors.length} problem(s) in ${report.rows} row(s); nothing was imported`);
  }
}

export interface ImportOptions {
  kb: Kb;
  /** today in China (licence checks) */
  today: string;
  dryRun?: boolean;
  /** rows per INSERT statement */
  batchSize?: number;
}

const DEFAULT_BATCH = 200;
/** values per IN (…) lookup */
const LOOKUP_CHUNK = 500;

class DryRunDone extends Error {}

type Trx = Transaction<Database>;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const byRowThenColumn = (order: readonly string[]) => (a: RowError, b: RowError) =>
  a.row - b.row || order.indexOf(a.field ?? '') - order.indexOf(b.field ?? '');

/** reads a row's cells into a draft, collecting each cell's error under its column */
export class RowReader<K extends string> {
  readonly errors: RowError[] = [];
  constructor(
    private readonly h: HeaderMap<K>,
    private readonly row: SheetRow,
  ) {}
  header(key: K): string | null {
    return this.h.at.get(key)?.header ?? null;
  }
  error(key: K | null, code: string, message: Text): void {
    this.errors.push({ row: this.row.row, column: key ? this.header(key) : null, field: key, code, message });
  }
  read<T>(key: K, reader: (c: ReturnType<typeof cellAt>) => Read<T>): T | undefined {
    const r = reader(cellAt(this.h, this.row, key));
    if (r.ok) return r.value;
    this.error(key, r.code, r.message);
    return undefined;
  }
  required(key: K, value: string | null | undefined, what: Text): string | undefined {
    if (value === null) this.error(key, 'REQUIRED', { zh: `请填写${what.zh}`, en: `${what.en} is required` });
    return value ?? undefined;
  }
}

const text = (max: number) => (c: Parameters<typeof readText>[0]) => readText(c, max);

function header<K extends string>(
  columns: readonly Column<K>[],
  sheet: Sheet,
  extra?: Parameters<typeof mapHeader<K>>[2],
): HeaderMap<K> {
  const h = mapHeader(columns, sheet.header, extra);
  if (h.errors.length)
    throw new ImportRejected('IMPORT_HEADER', {
      rows: sheet.rows.length,
      imported: 0,
      dryRun: false,
      errors: h.errors,
      ids: [],
    });
  return h;
}

/** runs the checks and the writes in one transaction; errors refuse it, a dry run rolls it back */
export async function inTransaction(
  db: Db,
  sheet: Sheet,
  o: ImportOptions,
  order: readonly string[],
  run: (trx: Trx, errors: RowError[]) => Promise<string[]>,
  preErrors: RowError[],
): Promise<ImportReport> {
  const report: ImportReport = {
    rows: sheet.rows.length,
    imported: 0,
    dryRun: !!o.dryRun,
    errors: [],
    ids: [],
  };
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const errors = [...preErrors];
      const ids = await run(trx, errors);
      if (errors.length) {
        report.errors = errors.sort(byRowThenColumn(order));
        throw new ImportRejected('IMPORT_ROWS_INVALID', report);
      }
      report.ids = ids;
      if (o.dryRun) throw new DryRunDone();
      report.imported = ids.length;
    });
  } catch (e) {
    if (e instanceof DryRunDone) return report;
    throw e;
  }
  return report;
}

async function insertBatches<T extends 'companies' | 'licences'>(
  trx: Trx,
  at: string,
  table: T,
  rows: T extends 'companies' ? CompaniesTable[] : LicencesTable[],
  audits: AuditEntry[],
  size: number,
) {
  for (const batch of chunks(rows as CompaniesTable[], size))
    await trx
      .insertInto(table as 'companies')
      .values(batch)
      .execute();
  for (const batch of chunks(audits, size)) await writeAudit(trx, at, batch);
}

/** which of the values the organisation has in the column (all its rows, whoever may see them) */
async function existing(
  trx: Trx,
  scope: Scope,
  table: 'companies' | 'licences',
  column: 'uscc' | 'number',
  values: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(values, LOOKUP_CHUNK)) {
    // the table and column are one of two fixed pairs; the builder is typed for the first
    const rows = await trx
      .selectFrom(table as 'companies')
      .select(`${column} as value` as 'uscc as value')
      .where('organisation_id', '=', scope.organisationId)
      .where(column as 'uscc', 'in', part)
      .execute();
    for (const r of rows) if (r.value) found.add(r.value);
  }
  return found;
}

/** the companies rows name by USCC or id, among those the scope sees */
export async function companiesNamed(
  trx: Trx,
  scope: Scope,
  rows: readonly { uscc?: string | undefined; companyId?: string | undefined }[],
): Promise<{ byUscc: Map<string, string>; ids: Set<string> }> {
  const byUscc = new Map<string, string>();
  const ids = new Set<string>();
  const usccs = [...new Set(rows.flatMap((d) => (d.uscc ? [d.uscc] : [])))];
  const wanted = [...new Set(rows.flatMap((d) => (d.companyId ? [d.companyId] : [])))];
  for (const part of chunks(usccs, LOOKUP_CHUNK))
    for (const c of await trx
      .selectFrom('companies')
      .select(['id', 'uscc'])
      .where(companyVisible(scope, 'companies', 'id'))
      .where('uscc', 'in', part)
      .execute())
      if (c.uscc) byUscc.set(c.uscc, c.id);
  for (const part of chunks(wanted, LOOKUP_CHUNK))
    for (const c of await trx
      .selectFrom('companies')
      .select('id')
      .where(companyVisible(scope, 'companies', 'id'))
      .where('id', 'in', part)
      .execute())
      ids.add(c.id);
  return { byUscc, ids };
}

// ------------------------------------------------------------------ companies

type CompanyKey = (typeof companyColumns)[number]['key'];

export async function importCompanies(
  db: Db,
  scope: Scope,
  sheet: Sheet,
  o: ImportOptions,
): Promise<ImportReport> {
  mustWrite(scope, { zh: '公司', en: 'companies' });
  const h = header<CompanyKey>(companyColumns, sheet);
  const preErrors: RowError[] = [];
  const drafts: {
    row: number;
    values: Omit<CompaniesTable, 'id' | 'organisation_id' | 'created_at' | 'updated_at'>;
  }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of sheet.rows) {
    const r = new RowReader(h, row);
    const name = r.required('name', r.read('name', text(200)), { zh: '名称', en: 'the name' });
    const usccText = r.required('uscc', r.read('uscc', text(64)), { zh: '统一社会信用代码', en: 'the USCC' });
    let uscc: string | undefined;
    if (usccText !== undefined) {
      const v = validateUscc(usccText);
      if (v.ok && v.value) uscc = v.value;
      else r.error('uscc', v.code, v.message);
    }
    const legalRepresentative = r.read('legalRepresentative', text(100));
    const address = r.read('address', text(500));
    const capital = r.read('registeredCapitalCny', readMoney);
    const staffCount = r.read('staffCount', readCount);
    const premisesAddress = r.read('premisesAddress', text(500));
    const premisesArea = r.read('premisesAreaSqm', readArea);
    if (uscc) {
      const first = firstRowOf.get(uscc);
      if (first !== undefined)
        r.error('uscc', 'DUPLICATE_IN_FILE', {
          zh: `统一社会信用代码 ${uscc} 与第 ${first} 行重复`,
          en: `the USCC ${uscc} repeats row ${first}`,
        });
      else firstRowOf.set(uscc, row.row);
    }
    preErrors.push(...r.errors);
    if (!r.errors.length && name && uscc)
      drafts.push({
        row: row.row,
        values: {
          name,
          uscc,
          legal_representative: legalRepresentative ?? null,
          address: address ?? null,
          registered_capital_cny: capital ?? null,
          shareholders: '[]',
          profile: null,
          contacts: '[]',
          staff_count: staffCount ?? null,
          premises_address: premisesAddress ?? null,
          premises_area_sqm: premisesArea ?? null,
        },
      });
  }

  const order = companyColumns.map((c) => c.key as string);
  try {
    return await inTransaction(
      db,
      sheet,
      o,
      order,
      async (trx, errors) => {
        // against the organisation's companies (all of them, whoever may see them: USCC is unique per organisation)
        const taken = await existing(trx, scope, 'companies', 'uscc', [...firstRowOf.keys()]);
        for (const [uscc, row] of firstRowOf)
          if (taken.has(uscc))
            errors.push({
              row,
              column: h.at.get('uscc')?.header ?? null,
              field: 'uscc',
              code: 'USCC_TAKEN',
              message: {
                zh: `本机构已有统一社会信用代码为 ${uscc} 的公司`,
                en: `a company with the USCC ${uscc} exists in this organisation`,
              },
            });
        if (errors.length) return [];
        const at = db.clock.now().toISOString();
        const rows: CompaniesTable[] = drafts.map((d) => ({
          id: newId(),
          organisation_id: scope.organisationId,
          ...d.values,
          created_at: at,
          updated_at: at,
        }));
        const audits = rows.map(
          (row): AuditEntry => ({
            ...auditActor(scope),
            entity: 'companies',
            entityId: row.id,
            companyId: row.id,
            action: 'import',
            after: toCompany(row) satisfies Company,
          }),
        );
        await insertBatches(trx, at, 'companies', rows, audits, o.batchSize ?? DEFAULT_BATCH);
        return rows.map((r) => r.id);
      },
      preErrors,
    );
  } catch (e) {
    if (isUniqueViolation(e))
      throw new RepoError('USCC_TAKEN', {
        zh: '文件中的某个公司在导入期间已被他人创建，未导入任何数据',
        en: 'a company of the file was created meanwhile; nothing was imported',
      });
    throw e;
  }
}

// ------------------------------------------------------------------ licences

type LicenceKey = (typeof licenceColumns)[number]['key'];

/** an authority id, or the id of the authority whose zh or en name it is */
function authorityId(kb: Kb, s: string): string {
  const t = s.normalize('NFKC').trim();
  if (kb.authorities.has(t.toUpperCase())) return t.toUpperCase();
  for (const a of kb.authorities.values())
    if (a.name.zh === t || a.name.en.toLowerCase() === t.toLowerCase()) return a.id;
  return t;
}

/** a status id from the id or its zh label */
function statusId(s: string): string {
  const t = s.trim();
  const hit = Object.entries(statusLabels).find(([, zh]) => zh === t);
  return hit ? hit[0] : t.toLowerCase();
}

export async function importLicences(
  db: Db,
  scope: Scope,
  sheet: Sheet,
  o: ImportOptions,
): Promise<ImportReport> {
  mustWrite(scope, { zh: '许可证', en: 'licences' });
  const h = header<LicenceKey>(licenceColumns, sheet, {
    anyOf: ['companyUscc', 'companyId'],
    code: 'COLUMN_MISSING',
    message: {
      zh: '缺少公司列：请给出 "公司统一社会信用代码" 或 "公司ID"',
      en: 'no company column: give "Company USCC" or "Company ID"',
    },
  });
  const preErrors: RowError[] = [];
  type Draft = {
    row: number;
    uscc?: string;
    companyId?: string;
    fields: import('../licence-rules.ts').LicenceFields;
  };
  const drafts: Draft[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of sheet.rows) {
    const r = new RowReader(h, row);
    const number = r.required('number', r.read('number', text(64)), {
      zh: '许可证编号',
      en: 'the licence number',
    });
    const companyUsccText = r.read('companyUscc', text(64));
    const companyId = r.read('companyId', text(100)) ?? undefined;
    let uscc: string | undefined;
    if (companyUsccText) {
      const v = validateUscc(companyUsccText);
      if (v.ok && v.value) uscc = v.value;
      else r.error('companyUscc', v.code, v.message);
    }
    if (companyUsccText === null && companyId === undefined)
      r.error(h.at.has('companyUscc') ? 'companyUscc' : 'companyId', 'COMPANY_REQUIRED', {
        zh: '请填写公司的统一社会信用代码或公司ID',
        en: "give the company's USCC or ID",
      });
    const codes = r.read('codes', readList);
    const coverageCell = r.read('coverage', readList);
    const authorityText = r.required('authority', r.read('authority', text(100)), {
      zh: '发证机关',
      en: 'the authority',
    });
    const issuedOn = r.required('issuedOn', r.read('issuedOn', readDate), {
      zh: '发证日期',
      en: 'the issue date',
    });
    const expiresOn = r.read('expiresOn', readDate);
    const statusText = r.read('status', text(40));

    // the kb checks run even when some cells could not be read, so that a row's problems come all at once;
    // a field whose cell was unreadable keeps that error only
    if (number && authorityText && codes) {
      const unreadable = new Set(r.errors.map((e) => e.field));
      const authority = authorityId(o.kb, authorityText);
      const coverage =
        coverageCell?.length || o.kb.authorities.get(authority)?.kind !== 'provincial-ca'
          ? (coverageCell ?? [])
          : [authority];
      const checked = checkLicence(
        o.kb,
        {
          number,
          codes: codes.map(normaliseCode),
          coverage,
          authority,
          issuedOn: issuedOn ?? '',
          expiresOn: expiresOn ?? null,
          status: statusText ? statusId(statusText) : 'active',
        },
        o.today,
      );
      if (!checked.ok) {
        for (const i of checked.issues) if (!unreadable.has(i.field)) r.error(i.field, i.code, i.message);
      } else if (!r.errors.length) {
        const first = firstRowOf.get(checked.value.number);
        if (first !== undefined)
          r.error('number', 'DUPLICATE_IN_FILE', {
            zh: `许可证编号 ${checked.value.number} 与第 ${first} 行重复`,
            en: `the licence number ${checked.value.number} repeats row ${first}`,
          });
        else {
          firstRowOf.set(checked.value.number, row.row);
          drafts.push({
            row: row.row,
            ...(uscc ? { uscc } : {}),
            ...(companyId ? { companyId } : {}),
            fields: checked.value,
          });
        }
      }
    }
    preErrors.push(...r.errors);
  }

  const order = licenceColumns.map((c) => c.key as string);
  const column = (key: LicenceKey) => h.at.get(key)?.header ?? null;
  try {
    return await inTransaction(
      db,
      sheet,
      o,
      order,
      async (trx, errors) => {
        const { byUscc, ids } = await companiesNamed(trx, scope, drafts);
        // numbers the organisation has already
        const taken = await existing(trx, scope, 'licences', 'number', [...firstRowOf.keys()]);

        const resolved: { companyId: string; draft: Draft }[] = [];
        for (const d of drafts) {
          const err = (key: LicenceKey, code: string, message: Text) =>
            errors.push({ row: d.row, column: column(key), field: key, code, message });
          if (taken.has(d.fields.number))
            err('number', 'LICENCE_NUMBER_TAKEN', {
              zh: `本机构已有编号为 ${d.fields.number} 的许可证`,
              en: `a licence numbered ${d.fields.number} exists in this organisation`,
            });
          // the USCC names the company when given (an ID exported from another organisation means nothing
          // here); the ID when the USCC is blank; both, when they name two different companies, are an error
          const fromUscc = d.uscc ? byUscc.get(d.uscc) : undefined;
          const fromId = d.companyId && ids.has(d.companyId) ? d.companyId : undefined;
          if (d.uscc && !fromUscc)
            err('companyUscc', 'COMPANY_NOT_FOUND', {
              zh: `本机构没有统一社会信用代码为 ${d.uscc} 的公司；请先导入公司`,
              en: `no company of this organisation has the USCC ${d.uscc}; import the companies first`,
            });
          if (!d.uscc && d.companyId && !fromId)
            err('companyId', 'COMPANY_NOT_FOUND', {
              zh: `本机构没有ID为 ${d.companyId.slice(0, 100)} 的公司`,
              en: `no company of this organisation has the ID ${d.companyId.slice(0, 100)}`,
            });
          if (fromUscc && fromId && fromUscc !== fromId)
            err('companyId', 'COMPANY_MISMATCH', {
              zh: '公司ID与统一社会信用代码指向本机构的两家不同公司',
              en: 'the company ID and the USCC name two different companies of this organisation',
            });
          const companyId = d.uscc ? fromUscc : fromId;
          if (companyId && !(fromUscc && fromId && fromUscc !== fromId))
            resolved.push({ companyId, draft: d });
        }
        if (errors.length) return [];

        const at = db.clock.now().toISOString();
        const rows = resolved.map((x) => licenceRow(scope, x.companyId, null, x.draft.fields, at));
        const audits = rows.map(
          (row): AuditEntry => ({
            ...auditActor(scope),
            entity: 'licences',
            entityId: row.id,
            companyId: row.company_id,
            action: 'import',
            after: toLicence(row),
          }),
        );
        await insertBatches(trx, at, 'licences', rows, audits, o.batchSize ?? DEFAULT_BATCH);
        return rows.map((r) => r.id);
      },
      preErrors,
    );
  } catch (e) {
    if (isUniqueViolation(e))
      throw new RepoError('LICENCE_NUMBER_TAKEN', {
        zh: '文件中的某个许可证在导入期间已被他人创建，未导入任何数据',
        en: 'a licence of the file was created meanwhile; nothing was imported',
      });
    throw e;
  }
}

/** for the register's import (../register/spreadsheet.ts) */
export { header as importHeader, text as textCellReader };
