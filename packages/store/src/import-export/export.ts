/**
 * Exporting the companies and licences a scope sees (a client: of the companies linked to it) as .xlsx or
 * CSV, with the columns of ./columns.ts and headers in the request's language, so that an exported file
 * imports back. CSV is UTF-8 with a byte-order mark and guarded against formula injection (./csv.ts); in a
 * workbook text is written as text cells (never formulas) and dates as date cells.
 */
import type { Kb } from '@icpdesk/kb';
import ExcelJS from 'exceljs';
import { toCompany } from '../companies.ts';
import type { Db } from '../db.ts';
import { toLicence } from '../licences.ts';
import { companyVisible, type Scope } from '../scope.ts';
import { type Column, companyColumns, licenceColumns, statusLabels } from './columns.ts';
import { writeCsv } from './csv.ts';

export type Lang = 'zh' | 'en';
export type Value = string | number | null;

export interface Table {
  /** the sheet's name */
  name: string;
  columns: readonly Column[];
  /** values in the order of `columns` */
  rows: Value[][];
}

export async function companyTable(db: Db, scope: Scope, lang: Lang): Promise<Table> {
  const rows = await db.kysely
    .selectFrom('companies')
    .selectAll()
    .where(companyVisible(scope, 'companies', 'id'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    name: lang === 'zh' ? '公司' : 'Companies',
    columns: companyColumns,
    rows: rows.map((r) => {
      const c = toCompany(r);
      const v: Record<(typeof companyColumns)[number]['key'], Value> = {
        id: c.id,
        name: c.name,
        uscc: c.uscc,
        legalRepresentative: c.legalRepresentative,
        address: c.address,
        registeredCapitalCny: c.registeredCapitalCny,
        staffCount: c.staffCount,
        premisesAddress: c.premisesAddress,
        premisesAreaSqm: c.premisesAreaSqm,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
      return companyColumns.map((col) => v[col.key]);
    }),
  };
}

export async function licenceTable(db: Db, scope: Scope, kb: Kb, lang: Lang): Promise<Table> {
  const rows = await db.kysely
    .selectFrom('licences')
    .innerJoin('companies', (j) =>
      j
        .onRef('companies.id', '=', 'licences.company_id')
        .onRef('companies.organisation_id', '=', 'licences.organisation_id'),
    )
    .selectAll('licences')
    .select(['companies.name as company_name', 'companies.uscc as company_uscc'])
    .where(companyVisible(scope, 'licences'))
    .orderBy('licences.expires_on')
    .orderBy('licences.id')
    .execute();
  return {
    name: lang === 'zh' ? '许可证' : 'Licences',
    columns: licenceColumns,
    rows: rows.map((r) => {
      const l = toLicence(r);
      const v: Record<(typeof licenceColumns)[number]['key'], Value> = {
        id: l.id,
        number: l.number,
        companyUscc: r.company_uscc,
        companyId: l.companyId,
        companyName: r.company_name,
        codes: l.codes.join('; '),
        coverage: l.coverage.join('; '),
        authority: l.authority,
        authorityName: kb.authorities.get(l.authority)?.name[lang] ?? null,
        issuedOn: l.issuedOn,
        expiresOn: l.expiresOn,
        status: lang === 'zh' ? statusLabels[l.status] : l.status,
        applicationId: l.applicationId,
        createdAt: l.createdAt,
        updatedAt: l.updatedAt,
      };
      return licenceColumns.map((col) => v[col.key]);
    }),
  };
}

const header = (t: Table, lang: Lang) => t.columns.map((c) => (lang === 'zh' ? c.zh : c.en));

export function tableCsv(t: Table, lang: Lang): Buffer {
  return Buffer.from(writeCsv([header(t, lang), ...t.rows]), 'utf8');
}

/** Excel's number format of a column type (text for the rest, so that codes keep their digits) */
const numberFormats: Partial<Record<Column['type'], string>> = {
  date: 'yyyy-mm-dd',
  money: '#,##0.##',
  count: '0',
  area: '#,##0.##',
};

export async function tableXlsx(t: Table, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'icpdesk';
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c, i) => ({
    header: header(t, lang)[i],
    key: c.key,
    width: c.type === 'timestamp' ? 26 : c.type === 'date' ? 12 : c.key === 'id' ? 38 : 20,
    style: { numFmt: numberFormats[c.type] ?? '@' },
  }));
  ws.getRow(1).font = { bold: true };
  for (const values of t.rows)
    ws.addRow(
      values.map((v, i) => (v !== null && t.columns[i]!.type === 'date' ? new Date(`${v}T00:00:00Z`) : v)),
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
