import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, decodeUtf8, guard, parseCsv, sniffDelimiter, unguard, writeCsv } from './csv.ts';

const cellsOf = (text: string, d = ',') => parseCsv(text, d).map((r) => r.cells);

describe('parseCsv (RFC 4180)', () => {
  it('reads plain, quoted, empty and multi-line fields with CRLF, LF or CR line ends', () => {
    expect(cellsOf('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cellsOf('a,b\n"x, y","say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(cellsOf('a,,\r1,"",3')).toEqual([
      ['a', '', ''],
      ['1', '', '3'],
    ]);
    expect(parseCsv('h\n"line 1\nline 2"\nnext\n')).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, cells: ['line 1\nline 2'] },
      { line: 4, cells: ['next'] },
    ]);
    expect(cellsOf('')).toEqual([]);
    expect(cellsOf('a;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, with the line', () => {
    expect(() => parseCsv('a\n"open\nstill')).toThrow(CsvError);
    try {
      parseCsv('a\nb\n"x"y,1');
    } catch (e) {
      expect((e as CsvError).code).toBe('CSV_QUOTE');
      expect((e as CsvError).line).toBe(3);
    }
    expect.assertions(3);
  });

  it('stops after maxRecords + 1 records', () => {
    expect(parseCsv('1\n2\n3\n4\n5\n', ',', 2)).toHaveLength(3);
  });

  it('reads back what writeCsv writes, whatever the text (property)', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('=SUM(A1)', '+1', '-2', '@x', '\tt', '\rr', 'a,"b"\r\nc', '中文'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
          const text = decodeUtf8(Buffer.from(writeCsv(table), 'utf8'));
          const back = parseCsv(text).map((r) => r.cells.map(unguard));
          expect(back).toEqual(table);
        },
      ),
    );
  });
});

describe('writeCsv', () => {
  it('starts with a BOM, ends lines with CRLF and guards formula triggers', () => {
    const out = writeCsv([
      ['名称', 'n'],
      ['=HYPERLINK("http://x")', 5],
      ['+86 1', null],
      ['-1', '@a'],
      ['\tx', 'ok'],
    ]);
    expect(out.startsWith('\uFEFF名称,n\r\n')).toBe(true);
    expect(out).toContain(`"'=HYPERLINK(""http://x"")",5\r\n`);
    expect(out).toContain("'+86 1,\r\n");
    expect(out).toContain("'-1,'@a\r\n");
    expect(out).toContain("'\tx,ok\r\n");
  });

  it('guard and unguard are inverse for every text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(unguard(guard(s))).toBe(s);
      }),
    );
    expect(unguard("'plain")).toBe("'plain");
  });
});

describe('decodeUtf8', () => {
  it('drops a BOM', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFa,b', 'utf8'))).toBe('a,b');
  });

  it('refuses GBK text and says so, with the first bad line', () => {
    // "名称,代码\n" in UTF-8 then "公司" in GBK (B9 AB CB BE) on line 2
    const gbk = Buffer.concat([
      Buffer.from('名称,代码\n', 'utf8'),
      Buffer.from([0xb9, 0xab, 0xcb, 0xbe, 0x0a]),
    ]);
    try {
      decodeUtf8(gbk);
    } catch (e) {
      expect((e as CsvError).code).toBe('CSV_NOT_UTF8');
      expect((e as CsvError).line).toBe(2);
      expect((e as CsvError).text.en).toMatch(/GBK/);
    }
    expect.assertions(3);
  });

  it('refuses UTF-16', () => {
    expect(() => decodeUtf8(Buffer.from('\uFEFFa,b', 'utf16le'))).toThrow(/UTF-16/);
  });
});

describe('sniffDelimiter', () => {
  it('picks the separator of the header line', () => {
    expect(sniffDelimiter('a,b,c\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2')).toBe(';');
    expect(sniffDelimiter('a\tb\n')).toBe('\t');
    expect(sniffDelimiter('"a;b",c\n')).toBe(',');
  });
});
