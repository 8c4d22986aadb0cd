// An IP network as netaddr.IPNetwork reads one ("10.2.3.124/24", "10.0.0.1", "2001:db8::/64"):
// the address as given (host bits kept), the prefix length (the full width when none is given),
// its text as str() prints it, and the network with the host bits cleared (.cidr).

import net from 'node:net';

export interface IpNetwork {
  version: 4 | 6;
  /** The address as given, in canonical form. */
  ip: string;
  prefixlen: number;
  /** Whether the text named a prefix length ("/n"). */
  explicitPrefix: boolean;
}

/** The canonical (compressed, lower-case) text of an IPv6 address. */
function canonicalV6(addr: string): string {
  return new URL(`http://[${addr}]`).hostname.slice(1, -1);
}

function v6Groups(addr: string): number[] {
  const [head, tail] = canonicalV6(addr).split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  return tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
}

export function parseIpNetwork(text: string): IpNetwork | null {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const len = slash < 0 ? null : text.slice(slash + 1);
  if (len !== null && !/^\d{1,3}$/.test(len)) return null;
  let version: 4 | 6;
  let ip: string;
  if (net.isIPv4(addr)) { version = 4; ip = addr; } else if (net.isIPv6(addr) && !addr.includes('%')) { version = 6; ip = canonicalV6(addr); } else return null;
  const width = version === 4 ? 32 : 128;
  const prefixlen = len === null ? width : Number(len);
  if (prefixlen > width) return null;
  return { version, ip, prefixlen, explicitPrefix: len !== null };
}

/** str(IPNetwork): the address as given with its prefix length. */
export const networkText = (n: IpNetwork) => `${n.ip}/${n.prefixlen}`;

/** str(IPNetwork.cidr): the network address (host bits cleared) with its prefix length. */
export function networkCidr(n: IpNetwork): string {
  if (n.version === 4) {
    const bits = n.ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - n.prefixlen);
    const base = Math.floor(bits / size) * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.')}/${n.prefixlen}`;
  }
  const groups = v6Groups(n.ip).map((g, i) => {
    const keep = Math.max(0, Math.min(16, n.prefixlen - i * 16));
    return keep === 16 ? g : keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${canonicalV6(groups.map((g) => g.toString(16)).join(':'))}/${n.prefixlen}`;
}
