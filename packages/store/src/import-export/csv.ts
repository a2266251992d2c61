/**
 * CSV as RFC 4180 describes it, for spreadsheets people open in Excel:
 *
 * - written as UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF line ends, fields quoted
 *   when they hold the delimiter, a quote, CR or LF;
 * - formula injection guarded: a text cell starting with = + - @ tab or CR gets a leading apostrophe, so a
 *   spreadsheet shows it as text instead of running it (OWASP "CSV injection"); `unguard` takes the
 *   apostrophe off again on import, so an exported file reads back as it was;
 * - read from UTF-8 only (with or without the mark): other encodings are refused with a code that says which
 *   one the bytes look like, since guessing would corrupt names silently.
 */

export type CsvErrorCode = 'CSV_NOT_UTF8' | 'CSV_UTF16' | 'CSV_QUOTE' | 'CSV_UNTERMINATED';

export class CsvError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    readonly text: { zh: string; en: string },
    /** the 1-based line of the input where the problem is */
    readonly line?: number,
  ) {
    super(text.en);
    this.name = 'CsvError';
  }
}

const BOM = '\uFEFF';
/** a formula trigger at the start */
const TRIGGER = /^[=+\-@\t\r]/;
/** apostrophes, then a trigger: what guard writes (and what it must escape once more to stay reversible) */
const GUARDED = /^'+[=+\-@\t\r]/;

/** a text cell as it is safe to write: a leading apostrophe before a formula trigger */
export const guard = (s: string) => (TRIGGER.test(s) || GUARDED.test(s) ? `'${s}` : s);
/** the reverse of guard, on reading: "'=x" → "=x", "''=x" → "'=x"; any other text unchanged */
export const unguard = (s: string) => (GUARDED.test(s) ? s.slice(1) : s);

function field(s: string, delimiter: string): string {
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** cells to CSV text with a BOM; strings are guarded, numbers written as they are, null empty */
export function writeCsv(rows: readonly (readonly (string | number | null)[])[], delimiter = ','): string {
  const lines = rows.map((cells) =>
    cells
      .map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : field(guard(c), delimiter)))
      .join(delimiter),
  );
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** UTF-8 text of the bytes (mark removed); CsvError CSV_UTF16 or CSV_NOT_UTF8 otherwise */
export function decodeUtf8(data: Uint8Array): string {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))
    throw new CsvError('CSV_UTF16', {
      zh: '文件是 UTF-16 编码（"Unicode 文本"）；请另存为"CSV UTF-8（逗号分隔）"',
      en: 'the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8 (comma delimited)" instead',
    });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const gbk = looksLikeGb18030(data);
    const line = lineOfFirstInvalid(data);
    throw new CsvError(
      'CSV_NOT_UTF8',
      gbk
        ? {
            zh: `文件不是 UTF-8 编码，看起来是 GBK/GB18030（中文 Windows 上 Excel 的"CSV（逗号分隔）"）；请另存为"CSV UTF-8（逗号分隔）"（第 ${line} 行起）`,
            en: `the file is not UTF-8: it reads as GBK/GB18030 (Excel's "CSV (comma delimited)" on Chinese Windows); save it as "CSV UTF-8 (comma delimited)" (from line ${line})`,
          }
        : {
            zh: `文件不是 UTF-8 文本（第 ${line} 行起）；请另存为"CSV UTF-8（逗号分隔）"`,
            en: `the file is not UTF-8 text (from line ${line}); save it as "CSV UTF-8 (comma delimited)"`,
          },
      line,
    );
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function looksLikeGb18030(data: Uint8Array): boolean {
  try {
    const s = new TextDecoder('gb18030', { fatal: true }).decode(data);
    return /\p{Script=Han}/u.test(s);
  } catch {
    return false;
  }
}

function lineOfFirstInvalid(data: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= data.length; i++) {
    if (i === data.length || data[i] === 0x0a) {
      try {
        decoder.decode(data.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** the delimiter of the first line: the most frequent of , ; and tab outside quotes (comma on a tie) */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

export interface CsvRecord {
  /** the 1-based line the record starts on */
  line: number;
  cells: string[];
}

/**
 * Records of RFC 4180 text (CRLF, LF or CR line ends; quoted fields may span lines). `maxRecords` stops
 * early: a file with more records gives maxRecords + 1 of them, so the caller can tell it was too long.
 */
export function parseCsv(text: string, delimiter = ',', maxRecords = Number.POSITIVE_INFINITY): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  let atFieldStart = true;
  const endRecord = () => {
    cells.push(cell);
    out.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    atFieldStart = true;
  };
  while (i < n) {
    if (out.length > maxRecords) return out;
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // a quoted field: up to the closing quote; "" is a quote
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n)
          throw new CsvError(
            'CSV_UNTERMINATED',
            {
              zh: `第 ${startLine} 行开始的带引号字段没有结束引号`,
              en: `a quoted field that starts on line ${startLine} is never closed`,
            },
            startLine,
          );
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n')
        throw new CsvError(
          'CSV_QUOTE',
          {
            zh: `第 ${line} 行：字段的结束引号后还有文字；请给整个字段加引号，字段内的引号写两次`,
            en: `line ${line}: text after the closing quote of a field; quote the whole field and double the quotes inside it`,
          },
          line,
        );
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || cells.length || !atFieldStart) endRecord();
  return out.slice(0, maxRecords === Number.POSITIVE_INFINITY ? undefined : maxRecords + 1);
}
