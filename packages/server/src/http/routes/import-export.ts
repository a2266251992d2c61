/**
 * Companies and licences as spreadsheets (registered by ./licences.ts):
 *
 * - GET  /api/v1/export/companies.xlsx | companies.csv | licences.xlsx | licences.csv
 *        every row the caller sees (a client: of its linked companies); headers in the request's language;
 *        CSV in UTF-8 with a byte-order mark, formula triggers guarded; an RFC 6266/5987 attachment name
 * - POST /api/v1/import/companies | /api/v1/import/licences   (owner, admin, consultant)
 *        multipart/form-data with one file (.xlsx or CSV, told apart by the bytes); ?dryRun=true checks
 *        without writing. All rows or none: any problem is 422 with a row-by-row report.
 *
 * Reading files: ../../store/import-export/sheet.ts (types, limits, zip bombs, encodings); columns and their
 * zh/en names: columns.ts; the all-or-nothing import: import.ts.
 */
import multipart from '@fastify/multipart';
import {
  type Column,
  companyColumns,
  companyTable,
  IMPORT_LIMITS,
  ImportRejected,
  type ImportReport,
  importCompanies,
  importLicences,
  licenceColumns,
  licenceTable,
  mustWrite,
  readSheet,
  type Sheet,
  SheetError,
  tableCsv,
  tableXlsx,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { presentImportReport, refusedSchema, reportSchema } from '../presenters/import-reports.ts';
import { HttpProblem, langOf, problemBody } from '../problems.ts';
import { bodyCheckedByHandler, fileForm, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: check everything, write nothing'),
  lang: z.enum(['zh', 'en']).optional(),
});

export const exportQuery = z.object({
  lang: z
    .enum(['zh', 'en'])
    .optional()
    .describe('the language of the headers (default: Accept-Language, zh)'),
});

export function columnsDoc(columns: readonly Column[]): string {
  return columns
    .map(
      (c) =>
        `- ${c.zh} / ${c.en}${c.imported ? (c.required ? ' (required)' : '') : ' (export only, ignored on import)'}${c.note ? `: ${c.note}` : ''}`,
    )
    .join('\n');
}

export const limitsDoc = `Limits: at most ${IMPORT_LIMITS.maxBytes} bytes, ${IMPORT_LIMITS.maxRows} data rows, ${IMPORT_LIMITS.maxColumns} columns, ${IMPORT_LIMITS.maxCellChars} characters a cell; a workbook at most ${IMPORT_LIMITS.zip.maxEntries} zip entries and ${IMPORT_LIMITS.zip.maxTotalBytes} bytes uncompressed. The first worksheet is read; the first non-blank row is the header, with zh or en column names in any order; blank rows are skipped. CSV must be UTF-8 (a byte-order mark is fine); comma, semicolon or tab separated. A cell exported as '=… (guarded against formula injection) reads back without the apostrophe.`;

/** RFC 6266 attachment with an ASCII fallback and the UTF-8 name in RFC 5987 form */
export function attachment(ascii: string, utf8: string): string {
  const safe = ascii.replace(/[^\w.-]/g, '_');
  const encoded = encodeURIComponent(utf8).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${safe}"; filename*=UTF-8''${encoded}`;
}

export const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

const names = {
  companies: { zh: '公司', en: 'companies' },
  licences: { zh: '许可证', en: 'licences' },
} as const;

export const importExportRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  await app.register(multipart, {
    limits: { files: 1, fileSize: IMPORT_LIMITS.maxBytes, fields: 5, parts: 6, fieldSize: 1024 },
  });

  for (const what of ['companies', 'licences'] as const)
    for (const format of ['xlsx', 'csv'] as const)
      app.get(
        `/api/v1/export/${what}.${format}`,
        {
          preValidation,
          schema: {
            operationId: `export${capital(what)}${capital(format)}`,
            tags: ['import-export'],
            summary: `The ${what} the caller sees (a client: of its linked companies) as ${format === 'xlsx' ? 'an Excel workbook' : 'CSV (UTF-8 with BOM)'}`,
            description: `Columns:\n${columnsDoc(what === 'companies' ? companyColumns : licenceColumns)}`,
            querystring: exportQuery,
            produces: [format === 'xlsx' ? XLSX_TYPE : 'text/csv'],
            response: { 200: z.string().meta({ format: 'binary' }).describe(`the .${format} file`) },
          },
        },
        async (req, reply) => {
          const scope = scopeOf(req);
          const lang = langOf(req);
          const table =
            what === 'companies'
              ? await companyTable(db, scope, lang)
              : await licenceTable(db, scope, kb, lang);
          const body = format === 'xlsx' ? await tableXlsx(table, lang) : tableCsv(table, lang);
          const day = clock.today();
          return reply
            .header('content-type', format === 'xlsx' ? XLSX_TYPE : CSV_TYPE)
            .header(
              'content-disposition',
              attachment(`${names[what].en}-${day}.${format}`, `${names[what][lang]}-${day}.${format}`),
            )
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'no-store')
            .send(body as unknown as string); // a Buffer or text, sent as it is (not serialised)
        },
      );

  for (const what of ['companies', 'licences'] as const)
    app.post(
      `/api/v1/import/${what}`,
      {
        preValidation,
        validatorCompiler: bodyCheckedByHandler,
        schema: {
          operationId: `import${capital(what)}`,
          tags: ['import-export'],
          problems: [...importProblems, what === 'companies' ? 'USCC_TAKEN' : 'LICENCE_NUMBER_TAKEN'],
          summary: `Import ${what} from an .xlsx or CSV file (owner, admin, consultant); all rows or none`,
          description: `${what === 'licences' ? 'Companies are named by USCC or ID and must exist (import the companies first). A licence without expiry gets the kb licence-validity-years; a provincial authority’s licence without coverage covers its province. ' : ''}Columns:\n${columnsDoc(what === 'companies' ? companyColumns : licenceColumns)}\n\n${limitsDoc}`,
          consumes: ['multipart/form-data'],
          body: fileForm('file', 'the spreadsheet: .xlsx, or .csv in UTF-8'),
          querystring: importQuery,
          response: {
            200: reportSchema,
            422: refusedSchema,
          },
        },
      },
      async (req, reply) => {
        const scope = scopeOf(req);
        // the role first: a viewer learns nothing about the file
        mustWrite(scope, names[what]);
        const sheet = await uploadedSheet(req);
        const lang = langOf(req);
        const options = { kb, today: clock.today(), dryRun: req.query.dryRun === 'true' };
        let report: ImportReport;
        try {
          report =
            what === 'companies'
              ? await importCompanies(db, scope, sheet, options)
              : await importLicences(db, scope, sheet, options);
        } catch (e) {
          if (e instanceof ImportRejected) return refuse(req, reply, e);
          throw e;
        }
        return presentImportReport(report, lang);
      },
    );
};

/** the problems of every import route (with the kind's own key conflict) */
export const importProblems = [
  'IMPORT_FILE_TYPE',
  'IMPORT_FILE_CORRUPT',
  'IMPORT_ENCODING',
  'IMPORT_TOO_LARGE',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_HEADER',
  'IMPORT_ROWS_INVALID',
] as const;

/** the uploaded spreadsheet, read; an unreadable one is its problem (IMPORT_FILE_TYPE, …) */
export async function uploadedSheet(req: FastifyRequest): Promise<Sheet> {
  const data = await upload(req);
  try {
    return await readSheet(data);
  } catch (e) {
    if (!(e instanceof SheetError)) throw e;
    throw new HttpProblem(e.code, e.text, [{ path: 'file', code: e.reason, message: e.text }]);
  }
}

export function refuse(req: FastifyRequest, reply: FastifyReply, e: ImportRejected) {
  const lang = langOf(req);
  const { ids: _ids, ...report } = presentImportReport(e.report, lang);
  const detail =
    lang === 'zh'
      ? `${report.rows} 行中发现 ${report.errors.length} 处问题，未导入任何数据`
      : `${report.errors.length} problem(s) in ${report.rows} row(s); nothing was imported`;
  const body = { ...problemBody(req, e.code as 'IMPORT_ROWS_INVALID', detail), ...report };
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** the one uploaded file's bytes */
async function upload(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart())
    throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', {
      zh: '请以 multipart/form-data 发送电子表格，只含一个文件字段',
      en: 'send the spreadsheet as multipart/form-data with one file field',
    });
  const file = await req.file();
  if (!file)
    throw new HttpProblem('VALIDATION_FAILED', { zh: '请求中没有文件', en: 'no file in the request' }, [
      {
        path: 'file',
        code: 'FILE_REQUIRED',
        message: { zh: '请在 "file" 字段中上传电子表格', en: 'upload the spreadsheet in the "file" field' },
      },
    ]);
  let data: Buffer;
  try {
    data = await file.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw importTooLarge();
    throw e;
  }
  // the multipart reader stops at the limit, and its own check races with the last chunk: a file cut short
  // at the limit may come back as if whole. The stream's flag is set before that chunk is handed over.
  if (file.file.truncated) throw importTooLarge();
  return data;
}

function importTooLarge(): HttpProblem {
  return new HttpProblem(
    'IMPORT_TOO_LARGE',
    {
      zh: `文件超过 ${IMPORT_LIMITS.maxBytes} 字节`,
      en: `the file is larger than ${IMPORT_LIMITS.maxBytes} bytes`,
    },
    [
      {
        path: 'file',
        code: 'FILE_TOO_LARGE',
        message: { zh: `最多 ${IMPORT_LIMITS.maxBytes} 字节`, en: `at most ${IMPORT_LIMITS.maxBytes} bytes` },
      },
    ],
  );
}
