import { describe, expect, it } from 'vitest';
import { limitAddress, parseTrustedProxies, TrustProxyError } from './client-address.ts';

describe('parseTrustedProxies', () => {
  it('reads addresses, CIDR ranges and names, comma-separated', () => {
    expect(parseTrustedProxies('127.0.0.1, 10.0.0.0/8,::1,fd00::/8 , loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies(' ')).toEqual([]);
  });

  it.each([
    ['1', /from anyone/],
    ['true', /from anyone/],
    ['*', /from anyone/],
    ['10.0.0.0/33', /prefix length must be 0–32/],
    ['::/129', /0–128/],
    ['10.0.0.0/8/1', /not an IP address/],
    ['proxy.internal', /not an IP address/],
    ['10.0.0.0/x', /prefix length/],
  ])('refuses %s', (list, message) => {
    expect(() => parseTrustedProxies(`127.0.0.1,${list}`)).toThrow(TrustProxyError);
    expect(() => parseTrustedProxies(list)).toThrow(message);
  });
});

describe('limitAddress', () => {
  it('keeps an IPv4 address, and takes an IPv4-mapped one as IPv4', () => {
    expect(limitAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(limitAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    expect(limitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitAddress('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(limitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitAddress('::1')).toBe('0:0:0:0::/64');
    expect(limitAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(limitAddress('2001:db8:1:3::1')).not.toBe(limitAddress('2001:db8:1:2::1'));
  });
});
