import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, readSheet, SheetError } from './sheet.ts';

async function workbook(rows: unknown[][], fill?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  fill?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refusal(data: Buffer): Promise<{ code: string; reason: string }> {
  try {
    await readSheet(data);
  } catch (e) {
    if (e instanceof SheetError) return { code: e.code, reason: e.reason };
    throw e;
  }
  throw new Error('the file was read');
}

const zeros = (n: number) => new Uint8Array(n);

describe('readSheet: workbooks', () => {
  it('reads the first worksheet: header, rows as numbered, text, numbers, dates, rich text, formulas, errors', async () => {
    const data = await workbook(
      [
        [],
        ['名称', '日期', '金额', '富文本', '公式', '错误'],
        ['甲公司', new Date(Date.UTC(2024, 2, 1)), 1_000_000],
        [],
        ['=1+1', null, 5],
      ],
      (ws) => {
        ws.getCell('D3').value = { richText: [{ text: '富' }, { text: '文本' }] };
        ws.getCell('E3').value = { formula: 'C3*2', result: 2_000_000 };
        ws.getCell('F3').value = { error: '#N/A' };
      },
    );
    const s = await readSheet(data);
    expect(s.kind).toBe('xlsx');
    expect(s.header).toEqual({ row: 2, cells: ['名称', '日期', '金额', '富文本', '公式', '错误'] });
    expect(s.rows).toHaveLength(2);
    expect(s.rows[0]!.row).toBe(3);
    expect(s.rows[0]!.cells.slice(0, 5)).toEqual([
      '甲公司',
      new Date(Date.UTC(2024, 2, 1)),
      1_000_000,
      '富文本',
      2_000_000,
    ]);
    expect(s.rows[0]!.cells[5]).toEqual({ error: '#N/A' });
    // text that looks like a formula stays text
    expect(s.rows[1]).toEqual({ row: 5, cells: ['=1+1', null, 5] });
  });

  it('refuses a workbook with more rows than the limit', async () => {
    const rows = [['名称'], ...Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, (_, i) => [`公司${i}`])];
    expect(await refusal(await workbook(rows))).toEqual({
      code: 'IMPORT_TOO_MANY_ROWS',
      reason: 'TOO_MANY_ROWS',
    });
    expect((await readSheet(await workbook(rows.slice(0, -1)))).rows).toHaveLength(IMPORT_LIMITS.maxRows);
  });

  it('refuses a damaged workbook', async () => {
    const good = await workbook([['名称'], ['甲']]);
    expect(await refusal(good.subarray(0, good.length - 40))).toMatchObject({ code: 'IMPORT_FILE_CORRUPT' });
    const flipped = Buffer.from(good);
    for (let i = 200; i < 400; i++) flipped[i] = flipped[i]! ^ 0xff;
    expect(await refusal(flipped)).toMatchObject({ code: 'IMPORT_FILE_CORRUPT' });
    // a well-formed zip with the workbook's parts, but not XML
    const fake = Buffer.from(
      zipSync({
        '[Content_Types].xml': new TextEncoder().encode('<not xml'),
        'xl/workbook.xml': new TextEncoder().encode('\u0000\u0001garbage'),
      }),
    );
    expect(await refusal(fake)).toMatchObject({ code: 'IMPORT_FILE_CORRUPT' });
  });

  it('refuses a zip that is not a workbook, and an empty zip', async () => {
    const zip = Buffer.from(zipSync({ 'a.txt': new TextEncoder().encode('名称\n甲') }));
    expect(await refusal(zip)).toEqual({ code: 'IMPORT_FILE_TYPE', reason: 'NOT_SPREADSHEET' });
    const empty = Buffer.from(zipSync({}));
    expect(await refusal(empty)).toEqual({ code: 'IMPORT_FILE_TYPE', reason: 'NOT_SPREADSHEET' });
  });

  describe('zip bombs never reach the parser', () => {
    const parts = (extra: Record<string, Uint8Array>) =>
      Buffer.from(
        zipSync(
          {
            '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
            'xl/workbook.xml': new TextEncoder().encode('<workbook/>'),
            ...extra,
          },
          { level: 9 },
        ),
      );

    it('one entry that expands past the per-entry limit', async () => {
      const data = parts({ 'xl/worksheets/sheet1.xml': zeros(IMPORT_LIMITS.zip.maxEntryBytes + 1) });
      expect(data.length).toBeLessThan(IMPORT_LIMITS.maxBytes);
      expect(await refusal(data)).toEqual({ code: 'IMPORT_TOO_LARGE', reason: 'ZIP_LIMIT' });
    });

    it('an entry with an expansion ratio past the limit', async () => {
      const data = parts({ 'xl/worksheets/sheet1.xml': zeros(8 << 20) });
      expect(await refusal(data)).toEqual({ code: 'IMPORT_TOO_LARGE', reason: 'ZIP_LIMIT' });
    });

    it('many small entries that add up past the total limit', async () => {
      const n = Math.ceil(IMPORT_LIMITS.zip.maxTotalBytes / (1 << 20)) + 1;
      const extra = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`xl/media/p${i}.bin`, zeros(1 << 20)]),
      );
      expect(await refusal(parts(extra))).toEqual({ code: 'IMPORT_TOO_LARGE', reason: 'ZIP_LIMIT' });
    });

    it('too many entries', async () => {
      const extra = Object.fromEntries(
        Array.from({ length: IMPORT_LIMITS.zip.maxEntries }, (_, i) => [`xl/x${i}.xml`, zeros(1)]),
      );
      expect(await refusal(parts(extra))).toEqual({ code: 'IMPORT_TOO_LARGE', reason: 'ZIP_LIMIT' });
    });

    it('an entry that lies about its size', async () => {
      const data = parts({ 'xl/worksheets/sheet1.xml': zeros(4 << 20) });
      // set the declared uncompressed size of the sheet (local header and central directory) to 1000 bytes
      const name = Buffer.from('xl/worksheets/sheet1.xml');
      let patched = 0;
      for (let i = data.indexOf(name); i !== -1; i = data.indexOf(name, i + 1)) {
        const local = data.readUInt32LE(i - 30) === 0x04034b50;
        const central = data.readUInt32LE(i - 46) === 0x02014b50;
        if (local) data.writeUInt32LE(1000, i - 30 + 22);
        if (central) data.writeUInt32LE(1000, i - 46 + 24);
        if (local || central) patched++;
      }
      expect(patched).toBe(2);
      const r = await refusal(data);
      expect(['IMPORT_FILE_CORRUPT', 'IMPORT_TOO_LARGE']).toContain(r.code);
    });
  });
});

describe('readSheet: CSV and other files', () => {
  it('reads UTF-8 CSV with or without a BOM, skips blank lines, unguards cells', async () => {
    const s = await readSheet(Buffer.from('\uFEFF名称,统一社会信用代码\r\n\r\n甲,"\'=1"\r\n乙,\r\n', 'utf8'));
    expect(s).toEqual({
      kind: 'csv',
      header: { row: 1, cells: ['名称', '统一社会信用代码'] },
      rows: [
        { row: 3, cells: ['甲', '=1'] },
        { row: 4, cells: ['乙', null] },
      ],
    });
    expect((await readSheet(Buffer.from('a;b\n1;2\n'))).rows[0]!.cells).toEqual(['1', '2']);
  });

  it('refuses GBK and UTF-16 CSV with IMPORT_ENCODING', async () => {
    const gbk = Buffer.from([
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x61, 0x0a, 0xb9, 0xab, 0xcb, 0xbe, 0x2c, 0x31, 0x0a,
    ]); // 名称,a / 公司,1
    expect(await refusal(gbk)).toEqual({ code: 'IMPORT_ENCODING', reason: 'CSV_NOT_UTF8' });
    expect(await refusal(Buffer.from('\uFEFF名称,a\n', 'utf16le'))).toEqual({
      code: 'IMPORT_ENCODING',
      reason: 'CSV_UTF16',
    });
  });

  it('refuses malformed CSV', async () => {
    expect(await refusal(Buffer.from('a,b\n"x,1\n'))).toEqual({
      code: 'IMPORT_FILE_CORRUPT',
      reason: 'CSV_UNTERMINATED',
    });
  });

  it('refuses too many CSV rows', async () => {
    const text = `名称\n${Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, (_, i) => `公司${i}`).join('\n')}\n`;
    expect(await refusal(Buffer.from(text))).toEqual({
      code: 'IMPORT_TOO_MANY_ROWS',
      reason: 'TOO_MANY_ROWS',
    });
  });

  it('refuses what is not a spreadsheet, by its bytes', async () => {
    expect(await refusal(Buffer.from('%PDF-1.7\n...'))).toEqual({
      code: 'IMPORT_FILE_TYPE',
      reason: 'NOT_SPREADSHEET',
    });
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toMatchObject({
      code: 'IMPORT_FILE_TYPE',
    });
    expect(await refusal(Buffer.from([0x41, 0x00, 0x42, 0x2c, 0x43]))).toMatchObject({
      code: 'IMPORT_FILE_TYPE',
    });
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({
      code: 'IMPORT_FILE_TYPE',
      reason: 'XLS_OR_ENCRYPTED',
    });
    expect(await refusal(Buffer.alloc(0))).toEqual({ code: 'IMPORT_FILE_TYPE', reason: 'EMPTY' });
    expect(await refusal(Buffer.from('\n \n,,\n'))).toEqual({ code: 'IMPORT_FILE_TYPE', reason: 'NO_ROWS' });
    expect(await refusal(Buffer.alloc(IMPORT_LIMITS.maxBytes + 1, 0x61))).toEqual({
      code: 'IMPORT_TOO_LARGE',
      reason: 'FILE_TOO_LARGE',
    });
  });
});
