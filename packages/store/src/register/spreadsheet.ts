/**
 * The register's kinds as spreadsheets, like companies and licences (../import-export/): the columns come
 * from the kind — its parent (company by USCC or ID; an annual report's licence by number or ID), its fields,
 * and the export-only id, company name and instants — with zh and en headers, so an exported file imports
 * back.
 *
 * The import is all or nothing and UPDATES BY KEY: a row whose key (the kind's `key`, e.g. an ICP filing's
 * number) names an entry the organisation has already changes that entry (audited "import", before/after);
 * another row creates one (audited "import"). Every row is checked first — cells, the fields by ./fields.ts,
 * the parent, the key repeated within the file or held by another company — and any problem refuses the
 * whole file with every problem found, row by row (IMPORT_ROWS_INVALID); nothing is written. All writes run
 * in one transaction; a dry run rolls it back.
 */
import { validateUscc } from '@icpdesk/engine';
import type { Db } from '../db.ts';
import {
  type Column,
  type ColumnType,
  type cellAt,
  licenceColumns,
  type Read,
  type RowError,
  readDate,
  readList,
  readText,
} from '../import-export/columns.ts';
import type { Lang, Table, Value } from '../import-export/export.ts';
import {
  chunks,
  companiesNamed,
  type ImportOptions,
  type ImportReport,
  importHeader,
  inTransaction,
  RowReader,
  textCellReader,
} from '../import-export/import.ts';
import type { Sheet } from '../import-export/sheet.ts';
import type { LicencesTable } from '../schema.ts';
import { companyVisible, mustWrite, type Scope } from '../scope.ts';
import { type AnyRow, checkValues, columnsOf, valuesOf } from './fields.ts';
import type { FieldSpec, RegisterKind, Values } from './kind.ts';
import { entryWithKey, insertEntryIn, keyColumn, rowChecked, toEntry, updateEntryIn } from './repository.ts';

const LOOKUP_CHUNK = 500;

const typeOf = (f: FieldSpec): ColumnType =>
  f.type === 'date' ? 'date' : f.type === 'list' ? 'list' : 'text';

/** the kind's spreadsheet columns */
export function registerColumns(kind: RegisterKind): Column[] {
  const parent: Column[] =
    kind.parent === 'licence'
      ? [
          {
            key: 'licenceNumber',
            zh: '许可证编号',
            en: 'Licence number',
            type: 'text',
            imported: true,
            note: 'the licence, by number or by ID (one of the two columns is required; the number wins when both are filled)',
          },
          { key: 'licenceId', zh: '许可证ID', en: 'Licence ID', type: 'text', imported: true },
        ]
      : licenceColumns.filter((c) => c.key === 'companyUscc' || c.key === 'companyId');
  return [
    { key: 'id', zh: 'ID', en: 'ID', type: 'text', imported: false },
    ...parent,
    { key: 'companyName', zh: '公司名称', en: 'Company name', type: 'text', imported: false },
    ...kind.fields.map(
      (f): Column => ({
        key: f.key,
        zh: f.zh,
        en: f.en,
        ...(f.aliases ? { aliases: f.aliases } : {}),
        type: typeOf(f),
        imported: !f.readOnly,
        ...(f.required && !f.readOnly ? { required: true } : {}),
        ...(f.description || f.values
          ? { note: f.description ?? `one of ${f.values?.join(', ')}` }
          : f.type === 'list'
            ? { note: 'separated by ; , 、 or spaces' }
            : {}),
      }),
    ),
    { key: 'createdAt', zh: '创建时间', en: 'Created at', type: 'timestamp', imported: false },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated at', type: 'timestamp', imported: false },
  ];
}

// ------------------------------------------------------------------ export

export async function registerTable(db: Db, scope: Scope, kind: RegisterKind, lang: Lang): Promise<Table> {
  const columns = registerColumns(kind);
  const q = db.kysely as unknown as import('kysely').Kysely<Record<string, AnyRow>>;
  let query = q
    .selectFrom(`${kind.table} as e`)
    .innerJoin('companies as c', (j) =>
      j.onRef('c.id', '=', 'e.company_id').onRef('c.organisation_id', '=', 'e.organisation_id'),
    )
    .selectAll('e')
    .select(['c.name as company_name', 'c.uscc as company_uscc']);
  if (kind.parent === 'licence')
    query = query
      .innerJoin('licences as l', (j) =>
        j.onRef('l.id', '=', 'e.licence_id').onRef('l.organisation_id', '=', 'e.organisation_id'),
      )
      .select('l.number as licence_number');
  const rows = await query
    .where(companyVisible(scope, 'e' as 'companies') as never)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return {
    name: kind.plural[lang].slice(0, 31),
    columns,
    rows: rows.map((r) => {
      const e = toEntry(kind, r);
      const v: Record<string, Value> = {
        companyUscc: r.company_uscc as string | null,
        companyName: r.company_name as string,
        licenceNumber: (r.licence_number as string | undefined) ?? null,
      };
      for (const [k, x] of Object.entries(e)) v[k] = Array.isArray(x) ? x.join('; ') : (x ?? null);
      return columns.map((c) => v[c.key] ?? null);
    }),
  };
}

// ------------------------------------------------------------------ import

const readInt: (c: Parameters<typeof readText>[0]) => Read<string | null> = (c) =>
  typeof c === 'number' ? { ok: true, value: String(c) } : readText(c, 12);

function cellReader(f: FieldSpec) {
  if (f.type === 'date') return readDate;
  if (f.type === 'list') return readList;
  if (f.type === 'int') return readInt;
  return textCellReader(f.max ?? 500);
}

interface Draft {
  row: number;
  input: Record<string, unknown>;
  uscc?: string;
  companyId?: string;
  licenceNumber?: string;
  licenceId?: string;
}

export async function importRegister(
  db: Db,
  scope: Scope,
  kind: RegisterKind,
  sheet: Sheet,
  o: ImportOptions,
): Promise<ImportReport> {
  mustWrite(scope, kind.plural);
  const columns = registerColumns(kind);
  const parentKeys =
    kind.parent === 'licence' ? ['licenceNumber', 'licenceId'] : ['companyUscc', 'companyId'];
  const h = importHeader<string>(columns, sheet, {
    anyOf: parentKeys,
    code: 'COLUMN_MISSING',
    message:
      kind.parent === 'licence'
        ? {
            zh: '缺少许可证列：请给出 "许可证编号" 或 "许可证ID"',
            en: 'no licence column: give "Licence number" or "Licence ID"',
          }
        : {
            zh: '缺少公司列：请给出 "公司统一社会信用代码" 或 "公司ID"',
            en: 'no company column: give "Company USCC" or "Company ID"',
          },
  });
  const preErrors: RowError[] = [];
  const drafts: Draft[] = [];
  for (const row of sheet.rows) {
    const r = new RowReader(h, row);
    const d: Draft = { row: row.row, input: {} };
    for (const f of kind.fields) {
      if (f.readOnly || !h.at.has(f.key)) continue;
      const v = r.read(f.key, cellReader(f) as (c: ReturnType<typeof cellAt>) => Read<unknown>);
      if (v !== undefined) d.input[f.key] = v;
    }
    const [first, second] = parentKeys as [string, string];
    const named = r.read(first, textCellReader(64)) ?? undefined;
    const id = r.read(second, textCellReader(100)) ?? undefined;
    if (kind.parent === 'company' && named) {
      const v = validateUscc(named);
      if (v.ok && v.value) d.uscc = v.value;
      else r.error(first, v.code, v.message);
    } else if (named) d.licenceNumber = named.normalize('NFKC').replace(/\s+/g, '');
    if (id && kind.parent === 'licence') d.licenceId = id;
    else if (id) d.companyId = id;
    if (!named && !id)
      r.error(
        h.at.has(first) ? first : second,
        kind.parent === 'licence' ? 'LICENCE_REQUIRED' : 'COMPANY_REQUIRED',
        {
          zh:
            kind.parent === 'licence' ? '请填写许可证编号或许可证ID' : '请填写公司的统一社会信用代码或公司ID',
          en: kind.parent === 'licence' ? "give the licence's number or ID" : "give the company's USCC or ID",
        },
      );
    preErrors.push(...r.errors);
    if (!r.errors.length) drafts.push(d);
  }

  const order = columns.map((c) => c.key);
  const at = db.clock.now().toISOString();
  return inTransaction(
    db,
    sheet,
    o,
    order,
    async (trx, errors) => {
      const parents = await resolveParents(trx, scope, kind, drafts);
      const ctx = { kb: o.kb, today: o.today };
      const firstRowOf = new Map<string, number>();
      const planned: {
        parent: { companyId: string; licence?: LicencesTable };
        values: Values;
        existing?: AnyRow;
      }[] = [];
      for (const d of drafts) {
        const err = (field: string | null, code: string, message: { zh: string; en: string }) =>
          errors.push({
            row: d.row,
            column: field ? (h.at.get(field)?.header ?? null) : null,
            field,
            code,
            message,
          });
        const parent = parents(d);
        if ('error' in parent) {
          err(parent.field, 'code' in parent ? parent.code : 'NOT_FOUND', parent.error);
          continue;
        }
        const valid = checkValues(kind, d.input, ctx, parent.licence);
        const checked = valid.ok
          ? await rowChecked(trx, scope, kind, parent.companyId, valid.values)
          : { issues: valid.issues };
        if (!checked.values) {
          for (const i of checked.issues) err(i.field, i.code, i.message);
          continue;
        }
        const probe: AnyRow = {
          company_id: parent.companyId,
          ...(parent.licence ? { licence_id: parent.licence.id } : {}),
          ...columnsOf(kind, checked.values),
        };
        const key = JSON.stringify(kind.key.map((k) => probe[keyColumn(kind, k)]));
        const keyField = kind.key.find((k) => k !== 'companyId' && k !== 'licenceId') ?? null;
        const seen = firstRowOf.get(key);
        if (seen !== undefined) {
          err(keyField, 'DUPLICATE_IN_FILE', {
            zh: `与第 ${seen} 行是同一${kind.name.zh}`,
            en: `the same ${kind.name.en} as row ${seen}`,
          });
          continue;
        }
        firstRowOf.set(key, d.row);
        const existing = await entryWithKey(trx, scope, kind, probe);
        if (existing && existing.company_id !== parent.companyId) {
          err(keyField, 'REGISTER_KEY_OTHER_COMPANY', {
            zh: `本机构另一家公司已登记该${kind.name.zh}`,
            en: `another company of this organisation has this ${kind.name.en}`,
          });
          continue;
        }
        if (!existing) {
          planned.push({ parent, values: checked.values });
          continue;
        }
        // an update changes the columns the file has and keeps the others
        const merged = checkValues(kind, { ...valuesOf(kind, existing), ...d.input }, ctx, parent.licence);
        if (!merged.ok) for (const i of merged.issues) err(i.field, i.code, i.message);
        else planned.push({ parent, values: merged.values, existing });
      }
      if (errors.length) return [];
      const ids: string[] = [];
      for (const p of planned) {
        const entry = p.existing
          ? await updateEntryIn(trx, at, scope, kind, p.existing, p.values, 'import')
          : await insertEntryIn(trx, at, scope, kind, p.parent, p.values, 'import');
        ids.push(entry.id);
      }
      return ids;
    },
    preErrors,
  );
}

type ParentOf = (
  d: Draft,
) =>
  | { companyId: string; licence?: LicencesTable }
  | { error: { zh: string; en: string }; field: string; code: string };

/** the companies (or licences) the rows name, among those the scope sees */
async function resolveParents(
  trx: Parameters<Parameters<typeof inTransaction>[4]>[0],
  scope: Scope,
  kind: RegisterKind,
  drafts: readonly Draft[],
): Promise<ParentOf> {
  if (kind.parent === 'licence') {
    const byNumber = new Map<string, LicencesTable>();
    const byId = new Map<string, LicencesTable>();
    const numbers = [...new Set(drafts.flatMap((d) => (d.licenceNumber ? [d.licenceNumber] : [])))];
    const ids = [...new Set(drafts.flatMap((d) => (d.licenceId ? [d.licenceId] : [])))];
    for (const [column, values, into] of [
      ['number', numbers, byNumber],
      ['id', ids, byId],
    ] as const)
      for (const part of chunks(values, LOOKUP_CHUNK))
        for (const l of await trx
          .selectFrom('licences')
          .selectAll()
          .where(companyVisible(scope, 'licences'))
          .where(column, 'in', part)
          .execute())
          into.set(column === 'id' ? l.id : l.number, l);
    return (d) => {
      const licence = d.licenceNumber ? byNumber.get(d.licenceNumber) : byId.get(d.licenceId ?? '');
      if (licence) return { companyId: licence.company_id, licence };
      return {
        field: d.licenceNumber ? 'licenceNumber' : 'licenceId',
        code: 'LICENCE_NOT_FOUND',
        error: {
          zh: `本机构没有许可证 ${(d.licenceNumber ?? d.licenceId ?? '').slice(0, 100)}；请先导入许可证`,
          en: `this organisation has no licence ${(d.licenceNumber ?? d.licenceId ?? '').slice(0, 100)}; import the licences first`,
        },
      };
    };
  }
  const { byUscc, ids: known } = await companiesNamed(trx, scope, drafts);
  return (d) => {
    const companyId = d.uscc
      ? byUscc.get(d.uscc)
      : d.companyId && known.has(d.companyId)
        ? d.companyId
        : undefined;
    if (companyId) return { companyId };
    return {
      field: d.uscc ? 'companyUscc' : 'companyId',
      code: 'COMPANY_NOT_FOUND',
      error: {
        zh: `本机构没有公司 ${(d.uscc ?? d.companyId ?? '').slice(0, 100)}；请先导入公司`,
        en: `this organisation has no company ${(d.uscc ?? d.companyId ?? '').slice(0, 100)}; import the companies first`,
      },
    };
  };
}
