import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaCodeLength, phoneCodes, validatePhone } from './phone.ts';

describe('validatePhone: accepted forms', () => {
  const ok: [string, string, string, Record<string, unknown>][] = [
    ['13800138000', '+8613800138000', 'mobile', { display: '138 0013 8000' }],
    ['138 0013 8000', '+8613800138000', 'mobile', {}],
    ['+86 138-0013-8000', '+8613800138000', 'mobile', {}],
    ['0086 19912345678', '+8619912345678', 'mobile', {}],
    ['8613800138000', '+8613800138000', 'mobile', {}],
    ['１３８００１３８０００', '+8613800138000', 'mobile', {}],
    ['010-23456789', '+861023456789', 'landline', { areaCode: '010', display: '010-23456789' }],
    ['(020) 2345 6789', '+862023456789', 'landline', { areaCode: '020' }],
    ['075523456789', '+8675523456789', 'landline', { areaCode: '0755' }],
    ['0571-8765432', '+865718765432', 'landline', { areaCode: '0571' }],
    ['+86 10 2345 6789', '+861023456789', 'landline', { areaCode: '010' }],
    [
      '0755-2345 6789 转 801',
      '+8675523456789;ext=801',
      'landline',
      { extension: '801', display: '0755-23456789 转 801' },
    ],
    ['010-23456789 ext. 12', '+861023456789;ext=12', 'landline', { extension: '12' }],
    ['010-23456789-123', '+861023456789;ext=123', 'landline', { extension: '123' }],
    ['400-123-4567', '4001234567', 'service', { display: '400-123-4567' }],
    ['8008101234', '8008101234', 'service', {}],
  ];
  it.each(ok)('%s', (input, value, kind, details) => {
    const r = validatePhone(input);
    expect(r).toMatchObject({ ok: true, code: 'PHONE_OK', value, details: { kind, ...details } });
  });
  it('says which kind it is', () => {
    expect(validatePhone('13800138000').message).toEqual({
      zh: '电话号码有效（手机）：138 0013 8000',
      en: 'the phone number is a valid mobile number: 138 0013 8000',
    });
  });
  it('area code lengths', () => {
    expect(['010', '020', '029', '0755', '0311'].map(areaCodeLength)).toEqual([3, 3, 3, 4, 4]);
  });
  it('every generated mobile number passes as E.164', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.constantFrom('', '+86', '+86 ', '0086'), (n, p) => {
        expect(validatePhone(p + n).value).toBe(`+86${n}`);
      }),
    );
  });
});

describe('validatePhone: rejected forms', () => {
  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [13800138000, 'PHONE_TYPE'],
    ['  ', 'PHONE_EMPTY'],
    [
      '138-0013-800a',
      'PHONE_CHARSET',
      {
        zh: '电话号码中有不应出现的字符 "a"；只写数字，可用空格或连字符分组，分机号写在"转"之后',
        en: 'the phone number contains "a", which does not belong; write digits only, grouped with spaces or hyphens, with an extension after "ext"',
      },
    ],
    ['138+0013', 'PHONE_CHARSET'],
    [
      '+1 415 555 0100',
      'PHONE_COUNTRY_CODE',
      {
        zh: '号码 +14155550100 的国家/地区代码不是中国大陆的 +86；请填写中国大陆的手机或固定电话号码',
        en: "the number +14155550100 has a country code other than mainland China's +86; give a mainland mobile or landline number",
      },
    ],
    ['00852 2345 6789', 'PHONE_COUNTRY_CODE'],
    [
      '12345678901',
      'PHONE_MOBILE_PREFIX',
      {
        zh: '手机号码 12345678901 的第二位是 2，大陆手机号以 13–19 开头；请核对前两位',
        en: 'the mobile number 12345678901 has 2 as its second digit, but mainland mobiles start 13 to 19; check the first two digits',
      },
    ],
    [
      '1380013800',
      'PHONE_MOBILE_LENGTH',
      {
        zh: '手机号码应为11位，这里是10位；请核对是否多输或漏输了数字',
        en: 'a mobile number has 11 digits, this has 10; check for a missing or extra digit',
      },
    ],
    ['13800138000 转 12', 'PHONE_EXTENSION'],
    ['400-123-4567 转 1', 'PHONE_EXTENSION'],
    ['010-23456789-1234567', 'PHONE_EXTENSION'],
    [
      '075-523456789',
      'PHONE_AREA_CODE',
      {
        zh: '区号 075 的位数不对：以 07 开头的区号应为4位（含开头的0）；请核对区号',
        en: 'the area code 075 has the wrong length: area codes starting 07 have 4 digits including the leading 0; check it',
      },
    ],
    ['01-023456789', 'PHONE_AREA_CODE'],
    [
      '23456789',
      'PHONE_AREA_CODE_MISSING',
      {
        zh: '固定电话 23456789 缺少区号；请在前面加上区号，例如 010-23456789（北京）或 0755-23456789（深圳）',
        en: 'the landline 23456789 has no area code; put the area code in front, e.g. 010-23456789 (Beijing) or 0755-23456789 (Shenzhen)',
      },
    ],
    [
      '0755-1234567',
      'PHONE_LOCAL_NUMBER',
      {
        zh: '区号 0755 之后的本地号码 "1234567" 应为7或8位且不以0或1开头；请核对号码',
        en: 'the local number after area code 0755, "1234567", must have 7 or 8 digits and not start with 0 or 1; check it',
      },
    ],
    ['010-234567', 'PHONE_LOCAL_NUMBER'],
    ['0755-123-45678', 'PHONE_LOCAL_NUMBER'],
    ['010-234567890', 'PHONE_LOCAL_NUMBER'],
    ['400-123-456', 'PHONE_SERVICE_NUMBER'],
    ['2345', 'PHONE_UNRECOGNISED'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validatePhone(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(phoneCodes).toContain(code);
  });
});
