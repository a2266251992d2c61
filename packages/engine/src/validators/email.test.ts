import { describe, expect, it } from 'vitest';
import { emailCodes, validateEmail } from './email.ts';

describe('validateEmail', () => {
  const ok: [string, string, Record<string, unknown>?][] = [
    ['name@example.cn', 'name@example.cn'],
    ['  Name.Surname+tag@Example.COM.cn ', 'Name.Surname+tag@example.com.cn'],
    ["o'brien_1@mail.example.org", "o'brien_1@mail.example.org"],
    [
      'a@例子.中国',
      'a@xn--fsqu00a.xn--fiqs8s',
      { domain: 'xn--fsqu00a.xn--fiqs8s', unicodeDomain: '例子.中国' },
    ],
  ];
  it.each(ok)('accepts %s', (input, value, details) => {
    const r = validateEmail(input);
    expect(r).toMatchObject({ ok: true, code: 'EMAIL_OK', value });
    if (details) expect(r.details).toMatchObject(details);
  });
  it('says it is well formed (not that it exists)', () => {
    expect(validateEmail('name@example.cn').message).toEqual({
      zh: '邮箱地址 name@example.cn 格式有效',
      en: 'the e-mail address name@example.cn is well formed',
    });
  });

  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [{ email: 'a@b.cn' }, 'EMAIL_TYPE'],
    ['', 'EMAIL_EMPTY'],
    [
      'name＠example.cn',
      'EMAIL_FULLWIDTH',
      {
        zh: '邮箱中有全角字符（如 ＠ 或 ．）；请改用半角，即 name@example.cn',
        en: 'the address contains full-width characters (such as ＠ or ．); use their ASCII forms, i.e. name@example.cn',
      },
    ],
    ['name@example。cn', 'EMAIL_FULLWIDTH'],
    [
      '张三 <zhangsan@example.cn>',
      'EMAIL_NOT_BARE',
      {
        zh: '请只填写邮箱地址本身，不要带姓名、尖括号或 mailto:，即 "zhangsan@example.cn"',
        en: 'give the address alone, without a name, angle brackets or mailto:, i.e. "zhangsan@example.cn"',
      },
    ],
    ['mailto:a@example.cn', 'EMAIL_NOT_BARE'],
    ['a b@example.cn', 'EMAIL_SPACE'],
    [
      'name.example.cn',
      'EMAIL_AT',
      {
        zh: '邮箱地址缺少 @；应写成 用户名@域名，例如 name@example.cn',
        en: 'the address has no @; write it as name@domain, e.g. name@example.cn',
      },
    ],
    ['a@b@example.cn', 'EMAIL_AT'],
    ['@example.cn', 'EMAIL_LOCAL_PART'],
    ['.a@example.cn', 'EMAIL_LOCAL_PART'],
    ['a..b@example.cn', 'EMAIL_LOCAL_PART'],
    [
      '"a"@example.cn',
      'EMAIL_LOCAL_PART',
      {
        zh: '@ 前的用户名中不能有字符 "\\""；只用英文字母、数字和 . _ - + 等符号',
        en: 'the name before the @ cannot contain "\\""; use ASCII letters, digits and symbols such as . _ - +',
      },
    ],
    ['张三@example.cn', 'EMAIL_LOCAL_PART'],
    [`${'a'.repeat(65)}@example.cn`, 'EMAIL_LOCAL_LENGTH'],
    [
      'a@example',
      'EMAIL_DOMAIN',
      {
        zh: '@ 后的域名 "example" 无效："example" 只有一段，不是完整的域名；请写出包括后缀的域名，例如 example.cn',
        en: 'the domain after the @, "example", is invalid: "example" is a single label, not a full domain name; give the name with its suffix, e.g. example.cn',
      },
    ],
    ['a@-example.cn', 'EMAIL_DOMAIN'],
    ['a@[192.0.2.1]', 'EMAIL_DOMAIN'],
    ['a@192.0.2.1', 'EMAIL_DOMAIN'],
    [`${'a'.repeat(64)}@${Array(4).fill('b'.repeat(60)).join('.')}.cn`, 'EMAIL_LENGTH'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateEmail(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(emailCodes).toContain(code);
  });
  it('names the domain problem in details', () => {
    expect(validateEmail('a@-example.cn').details).toEqual({
      domain: '-example.cn',
      domainCode: 'DOMAIN_HYPHEN',
    });
  });
});
