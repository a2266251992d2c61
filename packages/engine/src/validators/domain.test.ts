import { describe, expect, it } from 'vitest';
import { domainCodes, hostnameSyntaxError, normaliseHostname, validateDomain } from './domain.ts';

describe('validateDomain: accepted', () => {
  it('a plain name, with details from the Public Suffix List', () => {
    expect(validateDomain('WWW.Example.COM.cn.')).toEqual({
      ok: true,
      code: 'DOMAIN_OK',
      message: {
        zh: '域名 www.example.com.cn 有效，可注册域名为 example.com.cn',
        en: 'the domain name www.example.com.cn is valid; its registrable domain is example.com.cn',
      },
      value: 'www.example.com.cn',
      details: {
        ascii: 'www.example.com.cn',
        unicode: 'www.example.com.cn',
        registrableDomain: 'example.com.cn',
        publicSuffix: 'com.cn',
        isIcann: true,
        icannRegistrableDomain: 'example.com.cn',
        subdomain: 'www',
      },
    });
  });
  it('an internationalised name: punycode value, Unicode shown too', () => {
    const r = validateDomain('例子。中国');
    expect(r).toMatchObject({
      ok: true,
      value: 'xn--fsqu00a.xn--fiqs8s',
      details: {
        unicode: '例子.中国',
        publicSuffix: 'xn--fiqs8s',
        registrableDomain: 'xn--fsqu00a.xn--fiqs8s',
      },
    });
    expect(r.message.en).toBe(
      'the domain name 例子.中国 (xn--fsqu00a.xn--fiqs8s) is valid; its registrable domain is xn--fsqu00a.xn--fiqs8s',
    );
    expect(validateDomain('xn--fsqu00a.xn--fiqs8s').details).toMatchObject({ unicode: '例子.中国' });
  });
  it('a private suffix: registrable under the whole list, and the ICANN registrable domain', () => {
    expect(validateDomain('foo.github.io').details).toMatchObject({
      registrableDomain: 'foo.github.io',
      publicSuffix: 'github.io',
      isIcann: false,
      icannRegistrableDomain: 'github.io',
    });
  });
  it('multi-label suffixes', () => {
    expect(validateDomain('a.b.example.gov.cn').details).toMatchObject({
      registrableDomain: 'example.gov.cn',
      subdomain: 'a.b',
    });
    expect(validateDomain('example.co.uk').details).toMatchObject({ publicSuffix: 'co.uk' });
  });
});

describe('validateDomain: rejected', () => {
  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [42, 'DOMAIN_TYPE'],
    [' ', 'DOMAIN_EMPTY'],
    [
      '192.0.2.1',
      'DOMAIN_IP',
      {
        zh: '"192.0.2.1" 是 IP 地址，不是域名；请填写域名，例如 example.cn',
        en: '"192.0.2.1" is an IP address, not a domain name; give a domain name, e.g. example.cn',
      },
    ],
    ['[2001:db8::1]', 'DOMAIN_IP'],
    ['2001:db8::1', 'DOMAIN_IP'],
    [
      'https://www.example.cn/about?x=1',
      'DOMAIN_URL',
      {
        zh: '"https://www.example.cn/about?x=1" 是网址而不是域名；只填主机名，即 www.example.cn（不含 http://、端口和路径）',
        en: '"https://www.example.cn/about?x=1" is a URL, not a domain name; give the host name only, i.e. www.example.cn (no http://, port or path)',
      },
    ],
    ['example.cn:8080', 'DOMAIN_URL'],
    ['example.cn/path', 'DOMAIN_URL'],
    ['user@example.cn', 'DOMAIN_URL'],
    ['xn--zz.cn', 'DOMAIN_IDN'],
    ['例子\u0000.中国', 'DOMAIN_IDN'],
    [`${'a.'.repeat(126)}cn`, 'DOMAIN_LENGTH'],
    [
      'a..example.cn',
      'DOMAIN_EMPTY_LABEL',
      {
        zh: '域名中有空的一段（开头是点或有连续的点）；请删去多余的点',
        en: 'the domain name has an empty label (a leading dot or two dots in a row); remove the extra dot',
      },
    ],
    ['.example.cn', 'DOMAIN_EMPTY_LABEL'],
    [`${'a'.repeat(64)}.cn`, 'DOMAIN_LABEL_LENGTH'],
    [
      'my_site.cn',
      'DOMAIN_CHARSET',
      {
        zh: '域名中不能有字符 "_"；每段只能含字母、数字和连字符（下划线请改为连字符）',
        en: 'a domain name cannot contain "_"; each label holds only letters, digits and hyphens (use a hyphen instead of the underscore)',
      },
    ],
    ['my site.cn', 'DOMAIN_CHARSET'],
    ['-example.cn', 'DOMAIN_HYPHEN'],
    ['example-.cn', 'DOMAIN_HYPHEN'],
    ['ab--cd.cn', 'DOMAIN_HYPHEN'],
    [
      'localhost',
      'DOMAIN_SINGLE_LABEL',
      {
        zh: '"localhost" 只有一段，不是完整的域名；请写出包括后缀的域名，例如 example.cn',
        en: '"localhost" is a single label, not a full domain name; give the name with its suffix, e.g. example.cn',
      },
    ],
    ['1.2.3.999', 'DOMAIN_NUMERIC_TLD'],
    [
      'com.cn',
      'DOMAIN_PUBLIC_SUFFIX',
      {
        zh: '"com.cn" 本身是公共后缀（如 com.cn、github.io），不能单独注册或备案；请填写其下的域名，例如 example.com.cn',
        en: '"com.cn" is itself a public suffix (like com.cn or github.io) and cannot be registered or filed on its own; give a name under it, e.g. example.com.cn',
      },
    ],
    ['github.io', 'DOMAIN_PUBLIC_SUFFIX'],
    ['中国', 'DOMAIN_SINGLE_LABEL'],
    ['example.local', 'DOMAIN_UNKNOWN_SUFFIX'],
    ['printer.internal', 'DOMAIN_UNKNOWN_SUFFIX'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateDomain(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(domainCodes).toContain(code);
  });
  it('the URL hint carries the host', () => {
    expect(validateDomain('http://例子.中国/').details).toEqual({ host: 'xn--fsqu00a.xn--fiqs8s' });
  });
});

describe('host-name helpers', () => {
  it('hostnameSyntaxError passes a well-formed name', () => {
    expect(hostnameSyntaxError('a-b.example.cn')).toBeUndefined();
    expect(hostnameSyntaxError(`${'a'.repeat(63)}.cn`)).toBeUndefined();
  });
  it('normaliseHostname lower-cases and converts', () => {
    expect(normaliseHostname('Bücher.Example')).toEqual({
      ascii: 'xn--bcher-kva.example',
      unicode: 'bücher.example',
    });
  });
});
