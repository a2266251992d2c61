/**
 * IP addresses: IPv4/IPv6 syntax (node:net), special-purpose ranges (IANA registries: private, loopback,
 * link-local, shared/CGNAT, documentation, …) and whether an address is in mainland China, from an offline
 * IP-to-country table shipped in the npm package @ip-location-db/geo-whois-asn-country (CSV ranges built from
 * geofeeds, RIR whois and RIR ASN data; data licence CC BY 4.0, attribution to the NRO). No network is used.
 *
 * The table is read once, lazily, on the first location lookup of each address family (IPv4 ≈ 0.4 s,
 * IPv6 ≈ 0.4 s): it is the one file read in the validators, package data read-only. Overlapping rows in the
 * published data are flattened so that the more specific (nested) range wins; lookups are binary searches.
 *
 * Mainland China is country CN. Hong Kong (HK), Macao (MO) and Taiwan (TW) are reported separately and are
 * not mainland.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const ipCodes = [
  'IP_OK',
  'IP_TYPE',
  'IP_EMPTY',
  'IP_SYNTAX',
  'IP_PORT',
  'IP_CIDR',
  'IP_MAINLAND',
  'IP_HK_MO_TW',
  'IP_FOREIGN',
  'IP_NOT_IN_DATABASE',
  'IP_DATABASE_UNAVAILABLE',
  'IP_PRIVATE',
  'IP_LOOPBACK',
  'IP_LINK_LOCAL',
  'IP_CGNAT',
  'IP_DOCUMENTATION',
  'IP_SPECIAL',
] as const;
export type IpCode = (typeof ipCodes)[number];

export type IpScope =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'documentation'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'benchmarking'
  | 'reserved';

const SUBJECT = { zh: 'IP 地址', en: 'The IP address' };

// ---------------------------------------------------------------- parsing

/** An address as 32-bit words: one for IPv4, four (most significant first) for IPv6. */
export interface ParsedIp {
  version: 4 | 6;
  words: number[];
  /** canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6 */
  canonical: string;
  /** for IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses, the IPv4 address inside */
  embeddedV4?: number;
}

function v4Number(s: string): number {
  let n = 0;
  for (const part of s.split('.')) n = n * 256 + Number(part);
  return n;
}

const v4Text = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Eight 16-bit groups of a syntactically valid IPv6 address (zone id already removed). */
function v6Groups(s: string): number[] {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // a dotted IPv4 tail stands for the last two groups
    const v4 = v4Number(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::') as [string, string | undefined];
  const a = head === '' ? [] : head.split(':').map((h) => Number.parseInt(h, 16));
  const b = rest === undefined || rest === '' ? [] : rest.split(':').map((h) => Number.parseInt(h, 16));
  const zeros = rest === undefined ? 0 : 8 - a.length - b.length;
  return [...a, ...new Array<number>(Math.max(0, zeros)).fill(0), ...b];
}

function v6Text(g: number[]): string {
  // RFC 5952: longest run of two or more zero groups becomes "::" (the first on a tie); lower case; no leading zeros
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  // IPv4-mapped addresses keep their dotted tail
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${v4Text(((g[6]! << 16) | g[7]!) >>> 0)}`;
  }
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** Parses an IPv4 or IPv6 address (brackets and an IPv6 zone id are accepted); undefined when not an address. */
export function parseIp(input: string): ParsedIp | undefined {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const v = isIP(s);
  if (v === 4) {
    const n = v4Number(s);
    return { version: 4, words: [n], canonical: v4Text(n) };
  }
  if (v !== 6) return undefined;
  const zone = s.indexOf('%');
  const bare = zone >= 0 ? s.slice(0, zone) : s;
  const g = v6Groups(bare.toLowerCase());
  if (g.length !== 8 || g.some((x) => !(x >= 0 && x <= 0xffff))) return undefined;
  const words = [0, 2, 4, 6].map((i) => ((g[i]! << 16) | g[i + 1]!) >>> 0);
  const out: ParsedIp = { version: 6, words, canonical: v6Text(g) };
  const mapped = words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
  const nat64 = words[0] === 0x0064ff9b && words[1] === 0 && words[2] === 0;
  if (mapped || nat64) out.embeddedV4 = words[3]!;
  return out;
}

// ---------------------------------------------------------------- special-purpose ranges

interface SpecialRange {
  /** network address as 32-bit words */
  net: number[];
  bits: number;
  scope: Exclude<IpScope, 'public'>;
}

function v6Net(text: string, bits: number, scope: SpecialRange['scope']): SpecialRange {
  return { net: parseIp(text)!.words, bits, scope };
}
function v4Net(text: string, bits: number, scope: SpecialRange['scope']): SpecialRange {
  return { net: [v4Number(text)], bits, scope };
}

/** IANA IPv4 and IPv6 special-purpose address registries (RFC 6890 and later), most specific first. */
const SPECIAL_V4: SpecialRange[] = [
  v4Net('255.255.255.255', 32, 'broadcast'),
  v4Net('192.0.2.0', 24, 'documentation'),
  v4Net('198.51.100.0', 24, 'documentation'),
  v4Net('203.0.113.0', 24, 'documentation'),
  v4Net('192.0.0.0', 24, 'reserved'),
  v4Net('192.88.99.0', 24, 'reserved'),
  v4Net('169.254.0.0', 16, 'link-local'),
  v4Net('192.168.0.0', 16, 'private'),
  v4Net('198.18.0.0', 15, 'benchmarking'),
  v4Net('172.16.0.0', 12, 'private'),
  v4Net('100.64.0.0', 10, 'cgnat'),
  v4Net('0.0.0.0', 8, 'unspecified'),
  v4Net('10.0.0.0', 8, 'private'),
  v4Net('127.0.0.0', 8, 'loopback'),
  v4Net('224.0.0.0', 4, 'multicast'),
  v4Net('240.0.0.0', 4, 'reserved'),
];
const SPECIAL_V6: SpecialRange[] = [
  v6Net('::', 128, 'unspecified'),
  v6Net('::1', 128, 'loopback'),
  v6Net('100::', 64, 'reserved'),
  v6Net('2001:db8::', 32, 'documentation'),
  v6Net('2001::', 23, 'reserved'),
  v6Net('3fff::', 20, 'documentation'),
  v6Net('fe80::', 10, 'link-local'),
  v6Net('fc00::', 7, 'private'),
  v6Net('ff00::', 8, 'multicast'),
];

function inNet(words: number[], r: SpecialRange): boolean {
  let bits = r.bits;
  for (let i = 0; i < r.net.length; i++) {
    if (bits <= 0) return true;
    const take = Math.min(32, bits);
    const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
    if ((words[i]! & mask) >>> 0 !== (r.net[i]! & mask) >>> 0) return false;
    bits -= take;
  }
  return true;
}

/** The scope of an address: 'public' or the special-purpose range it falls in. */
export function ipScope(ip: ParsedIp): IpScope {
  if (ip.embeddedV4 !== undefined) return ipScope({ version: 4, words: [ip.embeddedV4], canonical: '' });
  if (ip.version === 4) return SPECIAL_V4.find((r) => inNet(ip.words, r))?.scope ?? 'public';
  const special = SPECIAL_V6.find((r) => inNet(ip.words, r));
  if (special) return special.scope;
  // only 2000::/3 is allocated as global unicast
  return ip.words[0]! >>> 29 === 1 ? 'public' : 'reserved';
}

// ---------------------------------------------------------------- the offline country table

const PACKAGE = '@ip-location-db/geo-whois-asn-country';

export interface IpDatabaseInfo {
  name: string;
  version: string;
  /** date of the data, from the package version (YYYY-MM-DD) */
  date: string | null;
  licence: string;
  attribution: string;
}

interface Table {
  /** starts and ends as 32-bit words, `width` words per address */
  starts: Uint32Array;
  ends: Uint32Array;
  country: Uint16Array;
  width: 1 | 4;
  countries: string[];
}

let packageDir: string | undefined;
let info: IpDatabaseInfo | undefined;
const tables: { 4?: Table; 6?: Table } = {};

function dir(): string {
  if (!packageDir) packageDir = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  return packageDir;
}

/** Name, version, date and licence of the IP-to-country data (reads the package's package.json once). */
export function ipDatabaseInfo(): IpDatabaseInfo {
  if (info) return info;
  const pkg = JSON.parse(readFileSync(join(dir(), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const d = /(\d{4})(\d{2})(\d{2})\d{2}$/.exec(pkg.version);
  info = {
    name: pkg.name,
    version: pkg.version,
    date: d ? `${d[1]}-${d[2]}-${d[3]}` : null,
    licence: 'CC BY 4.0',
    attribution:
      'IP-to-country data: sapics/ip-location-db (geo-whois-asn-country), from geofeeds and RIR data © Number Resource Organization (nro.net), CC BY 4.0',
  };
  return info;
}

/**
 * Builds a lookup table from "start,end,CC" rows (numeric addresses, inclusive). Rows may overlap in the
 * published data; they are flattened so that a range nested inside another wins over it.
 */
export function buildIpTable(csv: string, width: 1 | 4): Table {
  const rows: { s: bigint; e: bigint; c: number }[] = [];
  const countries: string[] = [];
  const index = new Map<string, number>();
  let from = 0;
  while (from < csv.length) {
    let to = csv.indexOf('\n', from);
    if (to < 0) to = csv.length;
    const a = csv.indexOf(',', from);
    const b = csv.indexOf(',', a + 1);
    if (a > from && b > a && b < to) {
      const cc = csv.slice(b + 1, to).trim();
      let c = index.get(cc);
      if (c === undefined) {
        c = countries.length;
        countries.push(cc);
        index.set(cc, c);
      }
      rows.push({ s: BigInt(csv.slice(from, a)), e: BigInt(csv.slice(a + 1, b)), c });
    }
    from = to + 1;
  }
  rows.sort((x, y) => (x.s < y.s ? -1 : x.s > y.s ? 1 : x.e > y.e ? -1 : x.e < y.e ? 1 : 0));

  // sweep: the innermost open range owns each point
  const out: { s: bigint; e: bigint; c: number }[] = [];
  const emit = (s: bigint, e: bigint, c: number) => {
    const last = out[out.length - 1];
    if (last && last.c === c && last.e + 1n === s) last.e = e;
    else out.push({ s, e, c });
  };
  const stack: { s: bigint; e: bigint; c: number }[] = [];
  let cursor = 0n;
  const closeUntil = (limit: bigint | null) => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (limit !== null && top.e >= limit) break;
      if (cursor <= top.e) {
        emit(cursor, top.e, top.c);
        cursor = top.e + 1n;
      }
      stack.pop();
    }
  };
  for (const r of rows) {
    closeUntil(r.s);
    const top = stack[stack.length - 1];
    if (top && cursor < r.s) emit(cursor, r.s - 1n, top.c);
    if (cursor < r.s) cursor = r.s;
    stack.push(r);
  }
  closeUntil(null);

  const n = out.length;
  const starts = new Uint32Array(n * width);
  const ends = new Uint32Array(n * width);
  const country = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const r = out[i]!;
    for (let w = 0; w < width; w++) {
      const shift = BigInt(32 * (width - 1 - w));
      starts[i * width + w] = Number((r.s >> shift) & 0xffffffffn);
      ends[i * width + w] = Number((r.e >> shift) & 0xffffffffn);
    }
    country[i] = r.c;
  }
  return { starts, ends, country, width, countries };
}

function table(version: 4 | 6): Table {
  const have = tables[version];
  if (have) return have;
  const file = join(dir(), `geo-whois-asn-country-ipv${version}-num.csv`);
  const t = buildIpTable(readFileSync(file, 'utf8'), version === 4 ? 1 : 4);
  tables[version] = t;
  return t;
}

function compareAt(arr: Uint32Array, i: number, width: number, words: readonly number[]): number {
  for (let w = 0; w < width; w++) {
    const a = arr[i * width + w]!;
    const b = words[w]!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** The country code of the range that holds the address words, or undefined. Binary search. */
export function lookupCountry(t: Table, words: readonly number[]): string | undefined {
  let lo = 0;
  let hi = t.country.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareAt(t.starts, mid, t.width, words) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || compareAt(t.ends, found, t.width, words) < 0) return undefined;
  return t.countries[t.country[found]!];
}

/** The ISO 3166-1 country code for a public address, from the offline table; undefined when not listed. */
export function ipCountry(ip: ParsedIp): string | undefined {
  if (ip.embeddedV4 !== undefined) return lookupCountry(table(4), [ip.embeddedV4]);
  return lookupCountry(table(ip.version), ip.words);
}

// ---------------------------------------------------------------- validators

function syntaxFailure(input: unknown): Validation | ParsedIp {
  if (typeof input !== 'string') return wrongTypeResult('IP_TYPE', SUBJECT, input);
  const s = input.trim();
  if (s === '') return emptyResult('IP_EMPTY', SUBJECT, '203.0.113.10');
  const ip = parseIp(s);
  if (ip) return ip;
  const cidr = /^(.+)\/(\d{1,3})$/.exec(s);
  if (cidr && parseIp(cidr[1]!)) {
    return validationFail(
      'IP_CIDR',
      {
        zh: `${showInput(s)} 是网段（带 /前缀长度），不是单个地址；请填写一个 IP 地址，例如 ${cidr[1]}`,
        en: `${showInput(s)} is a network (with a /prefix length), not one address; give a single address, e.g. ${cidr[1]}`,
      },
      { network: cidr[1], prefixLength: Number(cidr[2]) },
    );
  }
  const port = /^(?:\[([^\]]+)\]|([\d.]+)):(\d+)$/.exec(s);
  const host = port ? (port[1] ?? port[2])! : undefined;
  if (host && parseIp(host)) {
    return validationFail(
      'IP_PORT',
      {
        zh: `${showInput(s)} 带有端口号；请只填写 IP 地址 ${host}`,
        en: `${showInput(s)} includes a port; give the IP address alone, ${host}`,
      },
      { address: host, port: Number(port![3]) },
    );
  }
  const looksV4 = /^[\d.]+$/.test(s);
  return validationFail(
    'IP_SYNTAX',
    looksV4
      ? {
          zh: `${showInput(s)} 不是有效的 IPv4 地址：应为四个以点分隔的 0–255 的数，且不带前导零，例如 203.0.113.10`,
          en: `${showInput(s)} is not a valid IPv4 address: it is four numbers from 0 to 255 separated by dots, without leading zeros, e.g. 203.0.113.10`,
        }
      : {
          zh: `${showInput(s)} 不是有效的 IP 地址；IPv4 形如 203.0.113.10，IPv6 形如 2001:db8::1`,
          en: `${showInput(s)} is not a valid IP address; IPv4 looks like 203.0.113.10 and IPv6 like 2001:db8::1`,
        },
  );
}

/**
 * Validates the syntax of an IPv4 or IPv6 address. `value` is the canonical text; details: version and
 * scope ('public' or the special-purpose range).
 */
export function validateIp(input: unknown): Validation {
  const r = syntaxFailure(input);
  if ('ok' in r) return r;
  const scope = ipScope(r);
  return validationOk(
    'IP_OK',
    {
      zh: `IPv${r.version} 地址 ${r.canonical} 有效${scope === 'public' ? '' : `（${scopeText[scope].zh}）`}`,
      en: `the IPv${r.version} address ${r.canonical} is valid${scope === 'public' ? '' : ` (${scopeText[scope].en})`}`,
    },
    r.canonical,
    { version: r.version, scope },
  );
}

const scopeText: Record<IpScope, { zh: string; en: string }> = {
  public: { zh: '公网地址', en: 'a public address' },
  private: { zh: '私有地址', en: 'a private address' },
  loopback: { zh: '本机回环地址', en: 'a loopback address' },
  'link-local': { zh: '链路本地地址', en: 'a link-local address' },
  cgnat: {
    zh: '运营商级 NAT 共享地址（100.64.0.0/10）',
    en: 'a shared carrier-grade NAT address (100.64.0.0/10)',
  },
  documentation: { zh: '文档示例专用地址', en: 'an address reserved for documentation' },
  unspecified: { zh: '未指定地址', en: 'the unspecified address' },
  multicast: { zh: '组播地址', en: 'a multicast address' },
  broadcast: { zh: '广播地址', en: 'the broadcast address' },
  benchmarking: { zh: '网络测试专用地址', en: 'an address reserved for benchmarking' },
  reserved: { zh: '保留地址', en: 'a reserved address' },
};

const scopeCode: Record<Exclude<IpScope, 'public'>, IpCode> = {
  private: 'IP_PRIVATE',
  loopback: 'IP_LOOPBACK',
  'link-local': 'IP_LINK_LOCAL',
  cgnat: 'IP_CGNAT',
  documentation: 'IP_DOCUMENTATION',
  unspecified: 'IP_SPECIAL',
  multicast: 'IP_SPECIAL',
  broadcast: 'IP_SPECIAL',
  benchmarking: 'IP_SPECIAL',
  reserved: 'IP_SPECIAL',
};

const HK_MO_TW: Record<string, { zh: string; en: string }> = {
  HK: { zh: '香港', en: 'Hong Kong' },
  MO: { zh: '澳门', en: 'Macao' },
  TW: { zh: '台湾', en: 'Taiwan' },
};

/**
 * Whether an address is in mainland China (ok only then), from the offline table. Special-purpose addresses
 * (private, loopback, link-local, CGNAT, documentation, …) get their own codes: they are neither mainland nor
 * foreign. `value` is the canonical address; details: version, scope, country, database.
 */
export function validateMainlandIp(input: unknown): Validation {
  const r = syntaxFailure(input);
  if ('ok' in r) return r;
  const scope = ipScope(r);
  const addr = r.canonical;
  if (scope !== 'public') {
    return validationFail(
      scopeCode[scope],
      {
        zh: `${addr} 是${scopeText[scope].zh}，不在公网上，无法判断服务器所在地；请填写服务器的公网 IP 地址`,
        en: `${addr} is ${scopeText[scope].en}, not on the public internet, so where the server is cannot be told from it; give the server's public IP address`,
      },
      { version: r.version, scope },
    );
  }
  let country: string | undefined;
  let database: IpDatabaseInfo;
  try {
    database = ipDatabaseInfo();
    country = ipCountry(r);
  } catch (e) {
    return validationFail(
      'IP_DATABASE_UNAVAILABLE',
      {
        zh: `无法读取离线 IP 数据库（${PACKAGE}）；请重新安装依赖（npm ci）后再试`,
        en: `the offline IP database (${PACKAGE}) could not be read; reinstall the dependencies (npm ci) and try again`,
      },
      { error: e instanceof Error ? e.message : String(e) },
    );
  }
  const base = { version: r.version, scope, country: country ?? null, database };
  if (country === undefined) {
    return validationFail(
      'IP_NOT_IN_DATABASE',
      {
        zh: `离线 IP 数据库（${database.date ?? database.version}）中查不到 ${addr} 的归属地；请核对地址，或向机房/云服务商确认服务器所在地`,
        en: `${addr} is not in the offline IP database (${database.date ?? database.version}); check the address, or ask the hosting provider where the server is`,
      },
      base,
    );
  }
  if (country === 'CN') {
    return validationOk(
      'IP_MAINLAND',
      {
        zh: `${addr} 位于中国大陆（据 ${database.date ?? database.version} 的离线数据库）`,
        en: `${addr} is in mainland China (offline database of ${database.date ?? database.version})`,
      },
      addr,
      base,
    );
  }
  const region = HK_MO_TW[country];
  if (region) {
    return validationFail(
      'IP_HK_MO_TW',
      {
        zh: `${addr} 位于${region.zh}，不属于中国大陆；需要中国大陆的服务器时请使用境内机房或云服务的大陆地域`,
        en: `${addr} is in ${region.en}, which is not mainland China; where a mainland server is required, use a data centre or cloud region in the mainland`,
      },
      base,
    );
  }
  return validationFail(
    'IP_FOREIGN',
    {
      zh: `${addr} 位于境外（${country}），不在中国大陆；需要中国大陆的服务器时请使用境内机房或云服务的大陆地域`,
      en: `${addr} is outside China (${country}), not in the mainland; where a mainland server is required, use a data centre or cloud region in the mainland`,
    },
    base,
  );
}
