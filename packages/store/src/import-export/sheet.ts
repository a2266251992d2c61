/**
 * An uploaded spreadsheet read into rows of cells, refusing what is not one. The type is decided by the
 * bytes, never by the file name:
 *
 * - "PK\x03\x04" is a zip: it must be an Excel workbook (.xlsx: [Content_Types].xml and xl/workbook.xml) and
 *   stay within IMPORT_LIMITS.zip — entries, bytes uncompressed in all and per entry, expansion ratio —
 *   checked by inflating every entry with the sizes verified (yauzl validateEntrySizes) BEFORE exceljs
 *   parses the workbook, so a zip bomb never reaches the parser;
 * - the OLE2 mark (D0 CF 11 E0) is a legacy .xls or an encrypted workbook: refused with a hint;
 * - other known binary marks (PDF, images, gzip …) and any NUL byte: not a spreadsheet;
 * - anything else is CSV text, which must be UTF-8 (./csv.ts).
 *
 * The first worksheet of a workbook is read. Rows are numbered as the spreadsheet numbers them (the header
 * is row 1 when it is on the first line); for CSV a row is a record (a quoted cell may span lines). Blank
 * rows are skipped. More than IMPORT_LIMITS.maxRows rows below the header is IMPORT_TOO_MANY_ROWS.
 */
import type { Text } from '@icpdesk/kb';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { RepoError } from '../scope.ts';
import { CsvError, decodeUtf8, parseCsv, sniffDelimiter, unguard } from './csv.ts';

/** the limits of one import, documented in the API (GET /api/docs, tag import-export) */
export const IMPORT_LIMITS = {
  /** the uploaded file */
  maxBytes: 5 << 20,
  /** data rows below the header */
  maxRows: 5000,
  /** columns of the header */
  maxColumns: 60,
  /** characters in one cell */
  maxCellChars: 5000,
  zip: {
    maxEntries: 500,
    /** all entries together, uncompressed */
    maxTotalBytes: 32 << 20,
    /** one entry, uncompressed */
    maxEntryBytes: 32 << 20,
    /** uncompressed / compressed, for entries over 1 MiB (real workbooks stay far below) */
    maxRatio: 200,
  },
} as const;

export type SheetErrorCode =
  | 'IMPORT_FILE_TYPE'
  | 'IMPORT_FILE_CORRUPT'
  | 'IMPORT_TOO_LARGE'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_ENCODING';

/** the file as a whole cannot be read; `reason` is a finer code, `text` says why in zh and en */
export class SheetError extends RepoError<SheetErrorCode> {
  constructor(
    code: SheetErrorCode,
    readonly reason: string,
    override readonly text: Text,
  ) {
    super(code, text);
  }
}

export type Cell = string | number | Date | { error: string } | null;

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it (for CSV: the record's number) */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  kind: 'xlsx' | 'csv';
  /** the first non-blank row */
  header: SheetRow;
  /** the non-blank rows below the header */
  rows: SheetRow[];
}

const startsWith = (d: Uint8Array, bytes: number[]) => bytes.every((b, i) => d[i] === b);

const BINARY_MARKS: { name: string; bytes: number[] }[] = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'gzip', bytes: [0x1f, 0x8b] },
  { name: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: 'RAR', bytes: [0x52, 0x61, 0x72, 0x21] },
];

const notSpreadsheet = (what: Text) =>
  new SheetError('IMPORT_FILE_TYPE', 'NOT_SPREADSHEET', {
    zh: `${what.zh}；请上传 .xlsx 工作簿或 UTF-8 编码的 .csv 文件`,
    en: `${what.en}; upload an .xlsx workbook or a UTF-8 .csv file`,
  });

export async function readSheet(data: Buffer): Promise<Sheet> {
  if (data.length === 0)
    throw new SheetError('IMPORT_FILE_TYPE', 'EMPTY', { zh: '文件是空的', en: 'the file is empty' });
  if (data.length > IMPORT_LIMITS.maxBytes)
    throw new SheetError('IMPORT_TOO_LARGE', 'FILE_TOO_LARGE', {
      zh: `文件超过 ${IMPORT_LIMITS.maxBytes} 字节`,
      en: `the file is larger than ${IMPORT_LIMITS.maxBytes} bytes`,
    });
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(data);
  if (startsWith(data, [0x50, 0x4b, 0x05, 0x06]))
    throw notSpreadsheet({ zh: '文件是空的 zip 压缩包', en: 'the file is an empty zip archive' });
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new SheetError('IMPORT_FILE_TYPE', 'XLS_OR_ENCRYPTED', {
      zh: '文件是旧版 .xls 或加密的工作簿；请在 Excel 中去掉密码并另存为 .xlsx',
      en: 'the file is a legacy .xls or an encrypted workbook; remove the password and save it as .xlsx in Excel',
    });
  const mark = BINARY_MARKS.find((m) => startsWith(data, m.bytes));
  if (mark)
    throw notSpreadsheet({
      zh: `文件是 ${mark.name}，不是电子表格`,
      en: `the file is ${mark.name}, not a spreadsheet`,
    });
  return readCsvSheet(data);
}

// ------------------------------------------------------------------ xlsx

const corrupt = (detail: string) =>
  new SheetError('IMPORT_FILE_CORRUPT', 'XLSX_CORRUPT', {
    zh: `工作簿已损坏，无法读取（${detail}）；请在 Excel 中打开并重新保存为 .xlsx`,
    en: `the workbook is damaged and cannot be read (${detail}); open it in Excel and save it again as .xlsx`,
  });

const bomb = (detail: Text) =>
  new SheetError('IMPORT_TOO_LARGE', 'ZIP_LIMIT', {
    zh: `工作簿解压后过大或条目过多（${detail.zh}），已拒绝（可能是压缩炸弹）`,
    en: `the workbook expands too far or has too many parts (${detail.en}); refused as a possible zip bomb`,
  });

/** every entry inflated with its size verified and bounded: the names of the entries, or a SheetError */
async function checkZip(data: Buffer): Promise<Set<string>> {
  const lim = IMPORT_LIMITS.zip;
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
      yauzl.fromBuffer(
        data,
        { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
        (e, z) => (e || !z ? fail(e ?? new Error('no archive')) : ok(z)),
      ),
    );
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  if (zip.entryCount > lim.maxEntries) {
    zip.close();
    throw bomb({
      zh: `${zip.entryCount} 个条目，上限 ${lim.maxEntries}`,
      en: `${zip.entryCount} entries, the limit is ${lim.maxEntries}`,
    });
  }
  const names = new Set<string>();
  let total = 0;
  await new Promise<void>((ok, fail) => {
    const stop = (e: unknown) => {
      zip.close();
      fail(e);
    };
    zip.on('error', (e: Error) => stop(corrupt(e.message)));
    zip.on('end', () => ok());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.isEncrypted()) return stop(corrupt('encrypted entry'));
      const declared = entry.uncompressedSize;
      if (declared > lim.maxEntryBytes)
        return stop(
          bomb({
            zh: `${entry.fileName} 声明 ${declared} 字节`,
            en: `${entry.fileName} declares ${declared} bytes`,
          }),
        );
      if (declared > 1 << 20 && entry.compressedSize > 0 && declared / entry.compressedSize > lim.maxRatio)
        return stop(
          bomb({
            zh: `${entry.fileName} 压缩比 ${Math.round(declared / entry.compressedSize)}，上限 ${lim.maxRatio}`,
            en: `${entry.fileName} expands ${Math.round(declared / entry.compressedSize)}×, the limit is ${lim.maxRatio}×`,
          }),
        );
      names.add(entry.fileName);
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return stop(corrupt(err?.message ?? 'unreadable entry'));
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          total += c.length;
          if (size > lim.maxEntryBytes || total > lim.maxTotalBytes) {
            stream.destroy();
            stop(
              bomb({
                zh: `解压后超过 ${lim.maxTotalBytes} 字节`,
                en: `more than ${lim.maxTotalBytes} bytes uncompressed`,
              }),
            );
          }
        });
        // validateEntrySizes: an entry whose data is longer or shorter than declared is an error here
        stream.on('error', (e) => stop(corrupt(`${entry.fileName}: ${e.message}`)));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
  return names;
}

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { error: '#DATE' } : v;
  if ('error' in v) return { error: String(v.error) };
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : cellOf(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? null : cellOf(v.result);
  return null;
}

const tooManyRows = () =>
  new SheetError('IMPORT_TOO_MANY_ROWS', 'TOO_MANY_ROWS', {
    zh: `数据超过 ${IMPORT_LIMITS.maxRows} 行；请拆分成多个文件导入`,
    en: `more than ${IMPORT_LIMITS.maxRows} data rows; split the file and import the parts`,
  });

async function readXlsx(data: Buffer): Promise<Sheet> {
  const names = await checkZip(data);
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml'))
    throw notSpreadsheet({
      zh: '文件是 zip 压缩包，但不是 Excel 工作簿',
      en: 'the file is a zip archive but not an Excel workbook',
    });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    throw corrupt((e as Error).message.slice(0, 200));
  }
  const ws = wb.worksheets[0];
  const rows: SheetRow[] = [];
  if (ws) {
    let tooMany = false;
    ws.eachRow({ includeEmpty: false }, (r, n) => {
      if (tooMany) return;
      const values = r.values as ExcelJS.CellValue[];
      const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellOf(values[i + 1]));
      if (!cells.some(filled)) return;
      rows.push({ row: n, cells });
      if (rows.length > IMPORT_LIMITS.maxRows + 1) tooMany = true;
    });
    if (tooMany) throw tooManyRows();
  }
  return sheetOf('xlsx', rows);
}

// ------------------------------------------------------------------ csv

function readCsvSheet(data: Buffer): Sheet {
  const head = data.subarray(0, 8192);
  if (head.includes(0) && !(head[0] === 0xff || head[0] === 0xfe))
    throw notSpreadsheet({
      zh: '文件是二进制文件，不是电子表格',
      en: 'the file is binary, not a spreadsheet',
    });
  try {
    const text = decodeUtf8(data);
    const records = parseCsv(text, sniffDelimiter(text), IMPORT_LIMITS.maxRows + 1);
    const rows: SheetRow[] = [];
    records.forEach((r, i) => {
      const cells = r.cells.map((c): Cell => (c.trim() === '' ? null : unguard(c)));
      if (cells.some(filled)) rows.push({ row: i + 1, cells });
    });
    return sheetOf('csv', rows);
  } catch (e) {
    if (e instanceof CsvError)
      throw new SheetError(
        e.code === 'CSV_NOT_UTF8' || e.code === 'CSV_UTF16' ? 'IMPORT_ENCODING' : 'IMPORT_FILE_CORRUPT',
        e.code,
        e.text,
      );
    throw e;
  }
}

// ------------------------------------------------------------------ both

const filled = (c: Cell) => c !== null && !(typeof c === 'string' && c.trim() === '');

function sheetOf(kind: Sheet['kind'], rows: SheetRow[]): Sheet {
  const [header, ...body] = rows;
  if (!header)
    throw new SheetError('IMPORT_FILE_TYPE', 'NO_ROWS', {
      zh: '表格中没有任何内容；第一行应为列名',
      en: 'the sheet has no content; the first row should hold the column names',
    });
  if (body.length > IMPORT_LIMITS.maxRows) throw tooManyRows();
  if (header.cells.length > IMPORT_LIMITS.maxColumns)
    throw new SheetError('IMPORT_TOO_LARGE', 'TOO_MANY_COLUMNS', {
      zh: `超过 ${IMPORT_LIMITS.maxColumns} 列`,
      en: `more than ${IMPORT_LIMITS.maxColumns} columns`,
    });
  return { kind, header, rows: body };
}
