/**
 * The register's kinds as spreadsheets (registered by ./register.ts), like companies and licences
 * (./import-export.ts, whose report, refusal and upload handling they share):
 *
 * - GET  /api/v1/export/<kind>.xlsx | <kind>.csv   every entry the caller sees
 * - POST /api/v1/import/<kind>                      (owner, admin, consultant) one .xlsx or CSV file;
 *        ?dryRun=true checks without writing. A row whose key names an existing entry updates it (the
 *        columns the file has); the others create entries. All rows or none: any problem is 422 with a
 *        row-by-row report.
 */
import multipart from '@fastify/multipart';
import {
  IMPORT_LIMITS,
  ImportRejected,
  importRegister,
  mustWrite,
  registerColumns,
  registerKinds,
  registerTable,
  tableCsv,
  tableXlsx,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { presentImportReport, refusedSchema, reportSchema } from '../presenters/import-reports.ts';
import { langOf } from '../problems.ts';
import { bodyCheckedByHandler, fileForm, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import {
  attachment,
  CSV_TYPE,
  capital,
  columnsDoc,
  exportQuery,
  importProblems,
  importQuery,
  limitsDoc,
  refuse,
  uploadedSheet,
  XLSX_TYPE,
} from './import-export.ts';

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

export const registerSpreadsheetRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  await app.register(multipart, {
    limits: { files: 1, fileSize: IMPORT_LIMITS.maxBytes, fields: 5, parts: 6, fieldSize: 1024 },
  });

  for (const kind of registerKinds) {
    const keyNote = `Rows are named by ${kind.key.join(' + ')}: a row naming an entry the organisation has updates it (the columns the file has), the others create entries.`;
    for (const format of ['xlsx', 'csv'] as const)
      app.get(
        `/api/v1/export/${kind.id}.${format}`,
        {
          preValidation,
          schema: {
            operationId: `export${pascal(kind.id)}${capital(format)}`,
            tags: ['import-export'],
            summary: `The ${kind.plural.en} the caller sees (a client: of its linked companies) as ${format === 'xlsx' ? 'an Excel workbook' : 'CSV (UTF-8 with BOM)'}`,
            description: `Columns:\n${columnsDoc(registerColumns(kind))}`,
            querystring: exportQuery,
            produces: [format === 'xlsx' ? XLSX_TYPE : 'text/csv'],
            response: { 200: z.unknown().describe(`the .${format} file`) },
          },
        },
        async (req, reply) => {
          const lang = langOf(req);
          const table = await registerTable(db, scopeOf(req), kind, lang);
          const body = format === 'xlsx' ? await tableXlsx(table, lang) : tableCsv(table, lang);
          const day = clock.today();
          return reply
            .header('content-type', format === 'xlsx' ? XLSX_TYPE : CSV_TYPE)
            .header(
              'content-disposition',
              attachment(`${kind.id}-${day}.${format}`, `${kind.plural[lang]}-${day}.${format}`),
            )
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'no-store')
            .send(body);
        },
      );

    app.post(
      `/api/v1/import/${kind.id}`,
      {
        preValidation,
        validatorCompiler: bodyCheckedByHandler,
        schema: {
          operationId: `import${pascal(kind.id)}`,
          tags: ['import-export'],
          problems: [...importProblems, 'REGISTER_KEY_TAKEN'],
          summary: `Import ${kind.plural.en} from an .xlsx or CSV file (owner, admin, consultant); all rows or none`,
          description: `${keyNote} Columns:\n${columnsDoc(registerColumns(kind))}\n\n${limitsDoc}`,
          consumes: ['multipart/form-data'],
          body: fileForm('file', 'the spreadsheet: .xlsx, or .csv in UTF-8'),
          querystring: importQuery,
          response: { 200: reportSchema, 422: refusedSchema },
        },
      },
      async (req, reply) => {
        const scope = scopeOf(req);
        mustWrite(scope, kind.plural);
        const sheet = await uploadedSheet(req);
        try {
          const report = await importRegister(db, scope, kind, sheet, {
            kb,
            today: clock.today(),
            dryRun: req.query.dryRun === 'true',
          });
          return presentImportReport(report, langOf(req));
        } catch (e) {
          if (e instanceof ImportRejected) return refuse(req, reply, e);
          throw e;
        }
      },
    );
  }
};
