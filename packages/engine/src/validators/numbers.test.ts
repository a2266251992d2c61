import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import {
  normaliseNumber,
  numberCodes,
  numberPatternsFromKb,
  validateIcpFilingNumber,
  validateIcpNumber,
  validateLicenceNumber,
} from './numbers.ts';

const kb = loadKb();
const asOf = '2026-11-29';
const rules = { kb, asOf };

describe('patterns come from the kb', () => {
  it('reads both parameters in force on asOf, with provenance', () => {
    const src = numberPatternsFromKb(kb, asOf);
    expect(src.filingPattern).toBe(kb.parameterAt('icp-filing-number-pattern', asOf)?.value);
    expect(src.licencePattern).toBe(kb.parameterAt('licence-number-pattern', asOf)?.value);
    expect(src.provenance?.filing).toMatchObject({
      parameter: 'icp-filing-number-pattern',
      effectiveFrom: '2005-03-20',
    });
    expect(numberPatternsFromKb(kb, asOf)).toBe(src); // cached
  });
  it('a different pattern changes the verdict: nothing legal is hard-coded', () => {
    const n = '粤ICP备2024012345号';
    expect(validateIcpFilingNumber(n, rules).ok).toBe(true);
    expect(validateIcpFilingNumber(n, { filingPattern: '^粤ICP备\\d{8}号$' }).code).toBe(
      'ICP_FILING_PATTERN',
    );
    expect(validateIcpFilingNumber('X', { filingPattern: '^X$' })).toMatchObject({
      ok: true,
      code: 'ICP_FILING_OK',
      details: { parsed: false },
    });
    expect(validateLicenceNumber('粤B2-20090059', { licencePattern: '^京' }).code).toBe('LICENCE_PATTERN');
  });
  it('before the pattern is in force there is nothing to check against', () => {
    const r = validateIcpFilingNumber('粤ICP备05012345号', { kb, asOf: '2004-01-01' });
    expect(r).toEqual({
      ok: false,
      code: 'NUMBER_PATTERN_MISSING',
      message: {
        zh: '知识库中没有 2004-01-01 时有效的ICP备案号格式（参数 icp-filing-number-pattern），无法校验；请补充知识库或换一个参照日期',
        en: 'the knowledge base has no ICP filing number format in force on 2004-01-01 (parameter icp-filing-number-pattern), so the number cannot be checked; add it to the kb or use another reference date',
      },
      details: { parameter: 'icp-filing-number-pattern' },
    });
    expect(validateLicenceNumber('粤B2-20090059', { kb, asOf: '2008-01-01' }).code).toBe(
      'NUMBER_PATTERN_MISSING',
    );
  });
  it('reports a broken pattern', () => {
    expect(validateIcpFilingNumber('粤ICP备05012345号', { filingPattern: '(' }).code).toBe(
      'NUMBER_PATTERN_INVALID',
    );
    expect(validateLicenceNumber('粤B2-20090059', { licencePattern: '[' }).code).toBe(
      'NUMBER_PATTERN_INVALID',
    );
  });
  it('reports an invalid asOf', () => {
    expect(validateIcpFilingNumber('粤ICP备05012345号', { kb, asOf: '2026-13-01' }).code).toBe(
      'AS_OF_INVALID',
    );
    expect(validateLicenceNumber(kb, '粤B2-20090059', 'today').code).toBe('AS_OF_INVALID');
  });
  it('accepts (kb, input, asOf) as well as (input, rules)', () => {
    expect(validateLicenceNumber(kb, '粤B2-20090059', asOf)).toEqual(
      validateLicenceNumber('粤B2-20090059', rules),
    );
    expect(validateIcpFilingNumber(kb, '粤ICP备2024012345号', asOf)).toEqual(
      validateIcpFilingNumber('粤ICP备2024012345号', rules),
    );
    expect(validateIcpNumber(kb, '粤B2-20090059', asOf).code).toBe('LICENCE_OK');
    expect(validateIcpNumber('粤ICP备2024012345号-2', rules).code).toBe('ICP_FILING_OK');
  });
});

describe('validateIcpFilingNumber', () => {
  it('parses a 10-digit website filing and maps the authority', () => {
    const r = validateIcpFilingNumber('粤ICP备2024012345号-1', rules);
    expect(r).toMatchObject({
      ok: true,
      code: 'ICP_FILING_OK',
      value: '粤ICP备2024012345号-1',
      message: {
        zh: 'ICP备案号 粤ICP备2024012345号-1 格式有效，备案省份对应 广东省通信管理局',
        en: 'the ICP filing number 粤ICP备2024012345号-1 is well formed and belongs to Guangdong Communications Administration',
      },
      details: {
        province: '粤',
        authority: { id: 'CN-GD' },
        year: 2024,
        serial: '012345',
        site: 1,
        kind: 'website',
        pattern: { parameter: 'icp-filing-number-pattern' },
      },
    });
  });
  const ok: [string, Record<string, unknown>][] = [
    [
      '京ICP备05012345号',
      { year: 2005, serial: '012345', site: null, kind: 'entity', authority: { id: 'CN-BJ' } },
    ],
    ['沪ICP备12345678号-3A', { year: 2012, site: 3, kind: 'app', authority: { id: 'CN-SH' } }],
    ['浙ICP备2023001234号-2X', { kind: 'mini-program', site: 2 }],
    ['蜀ICP备2021000001号', { authority: { id: 'CN-SC' } }],
    ['陇ICP备2021000001号', { authority: { id: 'CN-GS' } }],
    ['  粤icp备 2024012345 号－1 ', { site: 1 }],
  ];
  it.each(ok)('%s', (n, details) => {
    expect(validateIcpFilingNumber(n, rules)).toMatchObject({ ok: true, details });
  });
  it('says so when the kb maps the province character to no authority', () => {
    const r = validateIcpFilingNumber('申ICP备12345678号', rules);
    expect(r).toMatchObject({ ok: true, details: { province: '申', authority: null } });
    expect(r.message.en).toBe(
      'the ICP filing number 申ICP备12345678号 is well formed; the kb maps the province character "申" to no communications administration',
    );
  });
  it('without authorities there is no mapping', () => {
    const src = numberPatternsFromKb(kb, asOf);
    const r = validateIcpFilingNumber('粤ICP备2024012345号', { filingPattern: src.filingPattern! });
    expect(r.details).toMatchObject({ authority: null });
  });

  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [2024012345, 'ICP_FILING_TYPE'],
    ['', 'ICP_FILING_EMPTY'],
    [
      '京公网安备11000002000001号',
      'ICP_FILING_PUBLIC_SECURITY',
      {
        zh: '"京公网安备11000002000001号" 是公安联网备案号（公网安备），不是 ICP 备案号；ICP 备案号形如 粤ICP备2024012345号',
        en: '"京公网安备11000002000001号" is a public-security filing number (公网安备), not an ICP filing number, which looks like 粤ICP备2024012345号',
      },
    ],
    ['粤B2-20090059', 'ICP_FILING_IS_LICENCE'],
    ['京ICP证030173号', 'ICP_FILING_IS_LICENCE'],
    ['粤B2-20090059-376', 'ICP_FILING_LICENSEE_FORM'],
    [
      '外ICP备2024012345号',
      'ICP_FILING_PROVINCE',
      {
        zh: '开头的省份简称 "外" 不是备案号使用的省份简称（如 京、津、冀、晋、蒙、辽）；请核对第一个字',
        en: 'the leading character "外" is not a province abbreviation used in filing numbers (such as 京, 津, 冀, 晋, 蒙, 辽); check the first character',
      },
    ],
    [
      '京ICP备2024012345-1',
      'ICP_FILING_MISSING_HAO',
      {
        zh: '备案号数字之后缺少"号"字；应为 京ICP备2024012345号-1',
        en: 'the filing number lacks 号 after the digits; it should read 京ICP备2024012345号-1',
      },
    ],
    ['粤ICP备123号', 'ICP_FILING_PATTERN'],
    ['粤ICP备2024012345号-1B', 'ICP_FILING_PATTERN'],
    [
      '粤ICP备2027012345号',
      'ICP_FILING_YEAR_AFTER_AS_OF',
      {
        zh: '编号中的年份 2027 晚于参照日期 2026-11-29；请核对年份数字',
        en: 'the year in the number, 2027, is after the reference date 2026-11-29; check the year digits',
      },
    ],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateIcpFilingNumber(input, rules);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(numberCodes).toContain(code);
  });
  it('a mismatch explains the format with the kb note', () => {
    const note = kb.parameterAt('icp-filing-number-pattern', asOf)!.note!;
    const r = validateIcpFilingNumber('粤ICP备123号', rules);
    expect(r.message.zh).toBe(
      `"粤ICP备123号" 不符合知识库中的 ICP 备案号格式（参数 icp-filing-number-pattern）；请对照备案信息核对，例如 粤ICP备2024012345号-1。格式说明：${note.zh}`,
    );
    expect(r.message.en.endsWith(`About the format: ${note.en}`)).toBe(true);
  });
});

describe('validateLicenceNumber', () => {
  const ok: [string, Record<string, unknown>][] = [
    [
      '粤B2-20090059',
      {
        foreignInvested: false,
        province: '粤',
        authority: { id: 'CN-GD' },
        classes: ['B2'],
        hasB1: false,
        hasB2: true,
        year: 2009,
        serial: '0059',
      },
    ],
    ['B2-20110196', { province: null, authority: { id: 'MIIT' }, classes: ['B2'] }],
    ['合字B2-20190051', { foreignInvested: true, authority: { id: 'MIIT' } }],
    [
      '合字沪B1.B2-20200001',
      {
        foreignInvested: true,
        province: '沪',
        authority: { id: 'CN-SH' },
        classes: ['B1', 'B2'],
        hasB1: true,
      },
    ],
    ['A2.B1.B2-20200002', { classes: ['A2', 'B1', 'B2'], hasB1: true }],
    [' 川b1-20150001 ', { authority: { id: 'CN-SC' }, hasB1: true }],
  ];
  it.each(ok)('%s', (n, details) => {
    expect(validateLicenceNumber(n, rules)).toMatchObject({ ok: true, code: 'LICENCE_OK', details });
  });
  it('message names the issuing authority', () => {
    expect(validateLicenceNumber('粤B2-20090059', rules).message).toEqual({
      zh: '经营许可证编号 粤B2-20090059 格式有效，发证机关对应 广东省通信管理局',
      en: 'the licence number 粤B2-20090059 is well formed and was issued by Guangdong Communications Administration',
    });
  });
  it('the older 京ICP证 form is recognised but not verifiable while the kb has no pattern for it', () => {
    expect(validateLicenceNumber('京ICP证030173号', rules)).toEqual({
      ok: false,
      code: 'LICENCE_DISPLAY_FORM_UNVERIFIABLE',
      message: {
        zh: '"京ICP证030173号" 是较早的"ICP证"编号样式；知识库中没有这种编号的格式，icpdesk 无法校验，请到工信部或发证通信管理局的许可证查询系统核实',
        en: '"京ICP证030173号" is the older "ICP证" numbering style; the kb has no format for it, so icpdesk cannot verify it: confirm it in the licence lookup of MIIT or the issuing communications administration',
      },
      details: {
        form: 'icp-certificate',
        province: '京',
        authority: { id: 'CN-BJ', name: kb.authorities.get('CN-BJ')!.name },
        serial: '030173',
        recognised: true,
        verifiable: false,
      },
    });
  });
  it('the older form is verified once a pattern is given', () => {
    const src = { ...numberPatternsFromKb(kb, asOf), certificatePattern: '^京ICP证\\d{6}号$' };
    expect(validateLicenceNumber('京ICP证030173号', src).code).toBe('LICENCE_OK');
    expect(validateLicenceNumber('京ICP证0301733号', src).code).toBe('LICENCE_PATTERN');
  });

  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [null, 'LICENCE_TYPE'],
    ['  ', 'LICENCE_EMPTY'],
    [
      '粤ICP备2024012345号',
      'LICENCE_IS_FILING',
      {
        zh: '"粤ICP备2024012345号" 是 ICP 备案号，不是经营许可证编号；备案不等于取得许可证，请填写许可证上的编号（形如 粤B2-20090059）',
        en: '"粤ICP备2024012345号" is an ICP filing number, not a licence number; a filing is not a licence, so give the number on the licence (like 粤B2-20090059)',
      },
    ],
    ['外B2-20090059', 'LICENCE_PROVINCE'],
    [
      '粤B220090059',
      'LICENCE_HYPHEN',
      {
        zh: '业务类别与数字之间缺少连字符；应为 粤B2-20090059',
        en: 'the hyphen between the category and the digits is missing; it should read 粤B2-20090059',
      },
    ],
    ['粤B3-20090059', 'LICENCE_PATTERN'],
    ['粤B2-2009005', 'LICENCE_PATTERN'],
    ['粤B2-20300059', 'LICENCE_YEAR_AFTER_AS_OF'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateLicenceNumber(input, rules);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(numberCodes).toContain(code);
  });
});

describe('normaliseNumber', () => {
  it('folds width, dashes, spaces and case', () => {
    expect(normaliseNumber(' 粤ｂ２—2009 0059 ')).toBe('粤B2-20090059');
  });
});
