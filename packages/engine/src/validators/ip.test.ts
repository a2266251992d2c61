import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIpTable,
  ipCodes,
  ipDatabaseInfo,
  ipScope,
  lookupCountry,
  parseIp,
  validateIp,
  validateMainlandIp,
} from './ip.ts';

describe('parseIp', () => {
  const cases: [string, 4 | 6, string][] = [
    ['192.0.2.1', 4, '192.0.2.1'],
    [' 203.0.113.255 ', 4, '203.0.113.255'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1'],
    ['[2001:db8::1]', 6, '2001:db8::1'],
    ['fe80::1%eth0', 6, 'fe80::1'],
    ['::', 6, '::'],
    ['1::', 6, '1::'],
    ['::ffff:192.0.2.1', 6, '::ffff:192.0.2.1'],
    ['1:2:3:4:5:6:7:8', 6, '1:2:3:4:5:6:7:8'],
  ];
  it.each(cases)('%s', (input, version, canonical) => {
    expect(parseIp(input)).toMatchObject({ version, canonical });
  });
  it('rejects what node:net rejects', () => {
    for (const s of ['01.2.3.4', '256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', 'example.cn', ''])
      expect(parseIp(s)).toBeUndefined();
  });
  it('every IPv4 address round-trips', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        expect(parseIp(s)?.canonical).toBe(s);
      }),
    );
  });
  it('every IPv6 address parses to the same 128 bits as the URL parser gives', () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const p = parseIp(s)!;
        expect(p.version).toBe(6);
        const viaUrl = new URL(`http://[${s}]/`).hostname.slice(1, -1);
        expect(parseIp(viaUrl)!.words).toEqual(p.words);
      }),
    );
  });
});

describe('validateIp (syntax)', () => {
  it('accepts and reports the scope', () => {
    expect(validateIp('2001:DB8::1')).toEqual({
      ok: true,
      code: 'IP_OK',
      message: {
        zh: 'IPv6 地址 2001:db8::1 有效（文档示例专用地址）',
        en: 'the IPv6 address 2001:db8::1 is valid (an address reserved for documentation)',
      },
      value: '2001:db8::1',
      details: { version: 6, scope: 'documentation' },
    });
    expect(validateIp('114.114.114.114').details).toEqual({ version: 4, scope: 'public' });
  });
  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [3232235777, 'IP_TYPE'],
    ['', 'IP_EMPTY'],
    [
      '01.2.3.4',
      'IP_SYNTAX',
      {
        zh: '"01.2.3.4" 不是有效的 IPv4 地址：应为四个以点分隔的 0–255 的数，且不带前导零，例如 203.0.113.10',
        en: '"01.2.3.4" is not a valid IPv4 address: it is four numbers from 0 to 255 separated by dots, without leading zeros, e.g. 203.0.113.10',
      },
    ],
    ['256.0.0.1', 'IP_SYNTAX'],
    ['example.cn', 'IP_SYNTAX'],
    [
      '192.0.2.1:8080',
      'IP_PORT',
      {
        zh: '"192.0.2.1:8080" 带有端口号；请只填写 IP 地址 192.0.2.1',
        en: '"192.0.2.1:8080" includes a port; give the IP address alone, 192.0.2.1',
      },
    ],
    ['[2001:db8::1]:443', 'IP_PORT'],
    ['192.0.2.0/24', 'IP_CIDR'],
    ['2001:db8::/32', 'IP_CIDR'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateIp(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(ipCodes).toContain(code);
  });
});

describe('special-purpose ranges', () => {
  const cases: [string, string, string][] = [
    ['10.1.2.3', 'private', 'IP_PRIVATE'],
    ['172.16.0.1', 'private', 'IP_PRIVATE'],
    ['172.31.255.255', 'private', 'IP_PRIVATE'],
    ['192.168.1.1', 'private', 'IP_PRIVATE'],
    ['fd12:3456::1', 'private', 'IP_PRIVATE'],
    ['127.0.0.1', 'loopback', 'IP_LOOPBACK'],
    ['::1', 'loopback', 'IP_LOOPBACK'],
    ['169.254.10.20', 'link-local', 'IP_LINK_LOCAL'],
    ['fe80::abcd', 'link-local', 'IP_LINK_LOCAL'],
    ['100.64.0.1', 'cgnat', 'IP_CGNAT'],
    ['100.127.255.254', 'cgnat', 'IP_CGNAT'],
    ['192.0.2.1', 'documentation', 'IP_DOCUMENTATION'],
    ['198.51.100.7', 'documentation', 'IP_DOCUMENTATION'],
    ['203.0.113.9', 'documentation', 'IP_DOCUMENTATION'],
    ['2001:db8::42', 'documentation', 'IP_DOCUMENTATION'],
    ['3fff::1', 'documentation', 'IP_DOCUMENTATION'],
    ['0.0.0.0', 'unspecified', 'IP_SPECIAL'],
    ['::', 'unspecified', 'IP_SPECIAL'],
    ['224.0.0.1', 'multicast', 'IP_SPECIAL'],
    ['ff02::1', 'multicast', 'IP_SPECIAL'],
    ['255.255.255.255', 'broadcast', 'IP_SPECIAL'],
    ['198.18.0.1', 'benchmarking', 'IP_SPECIAL'],
    ['240.0.0.1', 'reserved', 'IP_SPECIAL'],
    ['::ffff:10.0.0.1', 'private', 'IP_PRIVATE'],
    ['4000::1', 'reserved', 'IP_SPECIAL'],
  ];
  it.each(cases)('%s is %s', (ip, scope, code) => {
    expect(ipScope(parseIp(ip)!)).toBe(scope);
    const r = validateMainlandIp(ip);
    expect(r).toMatchObject({ ok: false, code, details: { scope } });
  });
  it('edges of the ranges are public', () => {
    for (const ip of ['172.32.0.1', '100.128.0.1', '11.0.0.1', '192.169.0.1', '2001:db9::1']) {
      expect(ipScope(parseIp(ip)!)).toBe('public');
    }
  });
  it('says the address is not on the public internet', () => {
    expect(validateMainlandIp('192.168.1.1').message).toEqual({
      zh: '192.168.1.1 是私有地址，不在公网上，无法判断服务器所在地；请填写服务器的公网 IP 地址',
      en: "192.168.1.1 is a private address, not on the public internet, so where the server is cannot be told from it; give the server's public IP address",
    });
  });
});

describe('validateMainlandIp (offline database)', () => {
  it('names the data set and its date', () => {
    expect(ipDatabaseInfo()).toMatchObject({
      name: '@ip-location-db/geo-whois-asn-country',
      version: '2.3.2026061719',
      date: '2026-06-17',
      licence: 'CC BY 4.0',
    });
  });
  // well-known public resolvers and carrier blocks, as the pinned data set has them
  const cases: [string, string, string][] = [
    ['114.114.114.114', 'CN', 'IP_MAINLAND'],
    ['223.5.5.5', 'CN', 'IP_MAINLAND'],
    ['240e::1', 'CN', 'IP_MAINLAND'],
    ['2400:3200::1', 'CN', 'IP_MAINLAND'],
    ['::ffff:114.114.114.114', 'CN', 'IP_MAINLAND'],
    ['168.95.1.1', 'TW', 'IP_HK_MO_TW'],
    ['202.175.3.3', 'MO', 'IP_HK_MO_TW'],
    ['203.198.7.66', 'HK', 'IP_HK_MO_TW'],
    ['8.8.8.8', 'US', 'IP_FOREIGN'],
    ['2001:4860:4860::8888', 'US', 'IP_FOREIGN'],
  ];
  it.each(cases)('%s → %s', (ip, country, code) => {
    const r = validateMainlandIp(ip);
    expect(r.code).toBe(code);
    expect(r.ok).toBe(code === 'IP_MAINLAND');
    expect(r.details).toMatchObject({ country, scope: 'public', database: { date: '2026-06-17' } });
  });
  it('messages', () => {
    expect(validateMainlandIp('114.114.114.114')).toMatchObject({
      value: '114.114.114.114',
      message: {
        zh: '114.114.114.114 位于中国大陆（据 2026-06-17 的离线数据库）',
        en: '114.114.114.114 is in mainland China (offline database of 2026-06-17)',
      },
    });
    expect(validateMainlandIp('168.95.1.1').message).toEqual({
      zh: '168.95.1.1 位于台湾，不属于中国大陆；需要中国大陆的服务器时请使用境内机房或云服务的大陆地域',
      en: '168.95.1.1 is in Taiwan, which is not mainland China; where a mainland server is required, use a data centre or cloud region in the mainland',
    });
    expect(validateMainlandIp('8.8.8.8').message.en).toBe(
      '8.8.8.8 is outside China (US), not in the mainland; where a mainland server is required, use a data centre or cloud region in the mainland',
    );
  });
  it('syntax errors come first', () => {
    expect(validateMainlandIp('example.cn').code).toBe('IP_SYNTAX');
    expect(validateMainlandIp(null).code).toBe('IP_TYPE');
  });
  it('the flattened IPv4 table is sorted and without overlaps', () => {
    const dir = dirname(
      createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country/package.json'),
    );
    const t = buildIpTable(readFileSync(join(dir, 'geo-whois-asn-country-ipv4-num.csv'), 'utf8'), 1);
    expect(t.country.length).toBeGreaterThan(100_000);
    for (let i = 0; i < t.country.length; i++) {
      expect(t.starts[i]! <= t.ends[i]!).toBe(true);
      if (i > 0 && !(t.ends[i - 1]! < t.starts[i]!)) throw new Error(`row ${i} overlaps the previous row`);
    }
  });
});

describe('buildIpTable and lookupCountry', () => {
  /** Reference: of the rows holding x, the one starting last wins; then the shorter; then the later row. */
  function reference(rows: [number, number, string][], x: number): string | undefined {
    let best: [number, number, string] | undefined;
    for (const r of rows) {
      if (r[0] > x || r[1] < x) continue;
      if (!best || r[0] > best[0] || (r[0] === best[0] && r[1] <= best[1])) best = r;
    }
    return best?.[2];
  }
  it('nested and partly overlapping rows: the more specific range wins', () => {
    const rows: [number, number, string][] = [
      [0, 99, 'AA'],
      [10, 19, 'BB'],
      [15, 40, 'CC'],
      [50, 50, 'DD'],
      [120, 130, 'EE'],
    ];
    const t = buildIpTable(rows.map((r) => r.join(',')).join('\n'), 1);
    const got = [5, 10, 16, 30, 41, 50, 99, 100, 125, 131].map((x) => lookupCountry(t, [x]));
    expect(got).toEqual(['AA', 'BB', 'CC', 'CC', 'AA', 'DD', 'AA', undefined, 'EE', undefined]);
  });
  it('agrees with the reference on random tables', () => {
    const row = fc
      .tuple(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom('AA', 'BB', 'CC'),
      )
      .map(([s, len, c]) => [s, s + len, c] as [number, number, string]);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const t = buildIpTable(rows.map((r) => r.join(',')).join('\n'), 1);
        for (let x = 0; x <= 85; x++) expect(lookupCountry(t, [x])).toBe(reference(rows, x));
      }),
    );
  });
  it('128-bit rows', () => {
    const big = (2n ** 127n).toString();
    const t = buildIpTable(`0,${big},AA\n${big},${(2n ** 128n - 1n).toString()},BB\n`, 4);
    expect(lookupCountry(t, [0, 0, 0, 5])).toBe('AA');
    expect(lookupCountry(t, [0x80000000, 0, 0, 0])).toBe('BB');
    expect(lookupCountry(t, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff])).toBe('BB');
  });
});
