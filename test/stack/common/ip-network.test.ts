// IP networks read as netaddr.IPNetwork reads them: str() keeps the host bits, .cidr clears them.
import { describe, expect, it } from 'vitest';
import { networkCidr, networkText, parseIpNetwork } from '../../../stack/common/ip-network.js';

describe('parseIpNetwork', () => {
  it('reads IPv4 and IPv6 networks, with or without a prefix length', () => {
    expect(parseIpNetwork('10.2.3.124/24')).toEqual({ version: 4, ip: '10.2.3.124', prefixlen: 24, explicitPrefix: true });
    expect(networkText(parseIpNetwork('10.0.0.1')!)).toBe('10.0.0.1/32');
    expect(networkText(parseIpNetwork('2001:0DB8:0:0::1/64')!)).toBe('2001:db8::1/64');
    expect(parseIpNetwork('::/0')).toMatchObject({ version: 6, ip: '::', prefixlen: 0 });
  });

  it('refuses what is no network', () => {
    for (const bad of ['10.0.0.300/8', '10.0.0.0/33', '2001:db8::/129', 'abc', '10.0.0.0/', '10.0.0.0/x', '']) expect(parseIpNetwork(bad), bad).toBeNull();
  });

  it('clears the host bits for .cidr', () => {
    expect(networkCidr(parseIpNetwork('10.2.3.124/24')!)).toBe('10.2.3.0/24');
    expect(networkCidr(parseIpNetwork('10.2.3.124/0')!)).toBe('0.0.0.0/0');
    expect(networkCidr(parseIpNetwork('192.168.1.77/30')!)).toBe('192.168.1.76/30');
    expect(networkCidr(parseIpNetwork('2001:db8:1:2:3::1/52')!)).toBe('2001:db8:1::/52');
    expect(networkCidr(parseIpNetwork('2001:db8::1')!)).toBe('2001:db8::1/128');
  });
});
