/**
 * The webhook guard: a group robot's URL is given by an organisation's admin, and the server or worker posts to
 * it from inside the operator's network, so a URL must not reach that network (server-side request forgery).
 * Refused: loopback, link-local, private and carrier-grade NAT ranges, the cloud metadata addresses
 * (169.254.169.254 of AWS, Azure, Google, Huawei; 169.254.0.23 of Tencent Cloud; 100.100.100.200 of Alibaba
 * Cloud; fd00:ec2::254 of AWS over IPv6 — each inside a refused range), multicast, reserved and documentation
 * ranges, and the IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4), judged by that
 * address. Every address a host name resolves to is checked, at creation and again at each connection (the
 * connection uses only an address checked by its own look-up, so a name cannot be switched between the check
 * and the post); a redirect is followed only to a URL that passes the same check.
 *
 * `ICPDESK_WEBHOOK_ALLOW_PRIVATE=1` turns the guard off, for a robot relay inside the operator's own network
 * and for the tests' local receivers (docs/DEPLOY.md).
 */
import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { RepoError } from '../scope.ts';

export type WebhookRefusal = 'WEBHOOK_ADDRESS_REFUSED';
export class WebhookAddressError extends RepoError<WebhookRefusal> {}

/** whether an address may be posted to */
export type AddressPolicy = (address: string) => boolean;

const v4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba Cloud's metadata, 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (the metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  v4.addSubnet(net, prefix, 'ipv4');

const v6 = new BlockList();
for (const [net, prefix] of [
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (AWS's metadata, fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  v6.addSubnet(net, prefix, 'ipv6');

/** an IPv6 address as its eight 16-bit groups, or undefined */
function groupsOf(address: string): number[] | undefined {
  let s = address.split('%')[0]!.toLowerCase();
  const dotted = s.match(/^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    s = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string | undefined) => (h ? h.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/** the IPv4 address an IPv6 one carries: mapped (::ffff:0:0/96), compatible (::/96), NAT64 (64:ff9b::/96), 6to4 */
function embeddedV4(g: readonly number[]): string | undefined {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return quad(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return quad(g[6]!, g[7]!);
  if (g[0] === 0x2002) return quad(g[1]!, g[2]!);
  return undefined;
}

/** whether an IP address is one a webhook must not reach */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]!);
  if (family === 4) return v4.check(address, 'ipv4');
  if (family !== 6) return true;
  const g = groupsOf(address);
  if (!g) return true;
  const inner = embeddedV4(g);
  if (inner !== undefined) return v4.check(inner, 'ipv4');
  return v6.check(g.map((x) => x.toString(16)).join(':'), 'ipv6');
}

export const allowPrivateWebhooks = (): boolean => process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE === '1';

/** the policy in force: every address with the opt-in, else only the ones not refused */
export const webhookPolicy = (): AddressPolicy =>
  allowPrivateWebhooks() ? () => true : (a) => !isRefusedAddress(a);

const refused = (host: string, address: string) =>
  new WebhookAddressError('WEBHOOK_ADDRESS_REFUSED', {
    zh: `Webhook 地址 ${host.slice(0, 253)} 指向内部网络地址 ${address}（回环、链路本地、私有或云元数据地址），出于安全不予连接`,
    en: `The webhook host ${host.slice(0, 253)} points to the internal address ${address} (loopback, link-local, private or cloud metadata); it is not contacted`,
  });

const unresolved = (host: string) =>
  new WebhookAddressError('WEBHOOK_ADDRESS_REFUSED', {
    zh: `Webhook 地址 ${host.slice(0, 253)} 无法解析`,
    en: `The webhook host ${host.slice(0, 253)} does not resolve`,
  });

/** the URL's host without IPv6 brackets */
const hostOf = (u: URL) => u.hostname.replace(/^\[(.*)\]$/, '$1');

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    lookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/**
 * Refuses (WebhookAddressError) a webhook URL whose host is, or resolves to, any refused address; a host that
 * does not resolve is refused too. For the moment a channel is written.
 */
export async function checkWebhookUrl(url: string, policy: AddressPolicy = webhookPolicy()): Promise<void> {
  const u = new URL(url);
  const host = hostOf(u);
  if (isIP(host)) {
    if (!policy(host)) throw refused(host, host);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw unresolved(host);
  }
  if (!addresses.length) throw unresolved(host);
  for (const a of addresses) if (!policy(a.address)) throw refused(host, a.address);
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A look-up for the connection itself (node:http's `lookup` option): it resolves the name, refuses it when any
 * address is refused, and gives the connection only the checked addresses. An IP literal in the URL does not
 * pass through a look-up; `guardedTarget` checks it before.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (host: string, options: { all?: boolean }, cb: LookupCallback) => {
    lookup(host, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return cb(err, []);
      const bad = addresses.find((a) => !policy(a.address));
      if (bad || !addresses.length) return cb(bad ? refused(host, bad.address) : unresolved(host), []);
      if (options.all) return cb(null, addresses);
      cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** an IP literal in the URL checked now (a name is checked by the connection's look-up) */
export function guardedTarget(u: URL, policy: AddressPolicy): void {
  const host = hostOf(u);
  if (isIP(host) && !policy(host)) throw refused(host, host);
}
