/**
 * Who the client is, by address: which reverse proxies are believed when they say so (X-Forwarded-For,
 * -Proto, -Host), and the address a rate limit counts by.
 *
 * Only the proxies listed are trusted (addresses or CIDR ranges, as Fastify's trustProxy takes them, plus
 * proxy-addr's names loopback, linklocal and uniquelocal). Fastify then walks X-Forwarded-For from the right
 * and takes the first address that is not a listed proxy, so a forwarded address that the client wrote
 * itself is never believed: nginx appends the address it saw. Trusting every sender ("1", "true") would let
 * any client choose its address, and with it a fresh allowance of every per-address limit; it is refused.
 */
import { isIP } from 'node:net';
import { parseIp } from '@icpdesk/engine';

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** why an entry of the list is not an address, a CIDR range or a name; undefined when it is one */
function entryProblem(entry: string): string | undefined {
  if (NAMES.has(entry)) return undefined;
  const [address = '', bits, ...more] = entry.split('/');
  const family = isIP(address);
  if (!family || more.length) return 'not an IP address or CIDR range';
  if (bits === undefined) return undefined;
  const n = Number(bits);
  const max = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(bits) || n > max) return `the prefix length must be 0–${max}`;
  return undefined;
}

export class TrustProxyError extends Error {}

/**
 * The trusted proxies of a comma-separated list such as "127.0.0.1,10.0.0.0/8" (ICPDESK_TRUST_PROXY); none
 * for an empty or absent list. Throws TrustProxyError for an entry that is not an address, range or name.
 */
export function parseTrustedProxies(list: string | undefined): string[] {
  const entries = (list ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    if (/^(1|true|yes|\*)$/i.test(entry))
      throw new TrustProxyError(
        `ICPDESK_TRUST_PROXY=${entry} would believe X-Forwarded-For from anyone, letting every client choose its address; list the proxies' addresses instead, e.g. ICPDESK_TRUST_PROXY=127.0.0.1 or 10.0.0.0/8`,
      );
    const problem = entryProblem(entry);
    if (problem) throw new TrustProxyError(`ICPDESK_TRUST_PROXY entry ${JSON.stringify(entry)}: ${problem}`);
  }
  return entries;
}

/**
 * The address a per-address limit counts by: the IPv4 address, or for IPv6 its /64 network (one subscriber
 * usually has a /64 and could rotate through it); an IPv4-mapped IPv6 address counts as the IPv4 one.
 */
export function limitAddress(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) return ip;
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0] = parsed.words;
  if (parsed.version === 4) return parsed.canonical;
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return [24, 16, 8, 0].map((b) => (w3 >>> b) & 255).join('.');
  return `${[w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff].map((g) => g.toString(16)).join(':')}::/64`;
}
