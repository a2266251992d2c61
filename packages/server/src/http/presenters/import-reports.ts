/**
 * What the API shows of an import of companies or licences (ImportReport), and of one refused as a whole
 * (the problem with the row-by-row report).
 */
import type { ImportReport } from '@icpdesk/store';
import { z } from 'zod';
import { problemSchema } from '../route-kit.ts';

export const rowErrorSchema = z.object({
  path: z.string().describe('rows[<row>].<field>, or rows[<row>] for the row as a whole'),
  row: z.number().int().describe('the row as the spreadsheet numbers it (the header is row 1)'),
  column: z.string().nullable().describe('the column header as written in the file'),
  field: z.string().nullable().describe("the column's key (the API's field name)"),
  code: z.string(),
  message: z.string().describe("in the request's language"),
});

const reportFields = {
  rows: z.number().int().describe('data rows read (blank rows are skipped)'),
  imported: z.number().int().describe('rows written: 0 on a dry run and when refused'),
  dryRun: z.boolean(),
};

export const reportSchema = z.object({
  ...reportFields,
  errors: z.array(rowErrorSchema).describe('empty on success'),
  ids: z.array(z.string()).describe('the ids of the rows written (of a dry run: that would be written)'),
});

export const refusedSchema = problemSchema
  .extend({ ...reportFields, errors: z.array(rowErrorSchema) })
  .describe('application/problem+json with the row-by-row report; nothing was imported');

/** an import's report in the request's language, each row error with its path */
export function presentImportReport(report: ImportReport, lang: 'zh' | 'en'): z.infer<typeof reportSchema> {
  return {
    rows: report.rows,
    imported: report.imported,
    dryRun: report.dryRun,
    ids: report.ids,
    errors: report.errors.map((e) => ({
      path: `rows[${e.row}]${e.field ? `.${e.field}` : ''}`,
      row: e.row,
      column: e.column,
      field: e.field,
      code: e.code,
      message: e.message[lang],
    })),
  };
}
