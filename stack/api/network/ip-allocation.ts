// IPv4 allocation on a subnet (lowest free address after the gateway, skipping the network and
// broadcast addresses and addresses held by other ports) and neutron-style MAC addresses
// (the fa:16:3e OpenStack prefix).

import { randomBytes } from 'node:crypto';

export interface SubnetRow { id: string; network_id: string; name: string; cidr: string; gateway_ip: string; ip_version: number }

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** First and last assignable addresses of a CIDR (neutron's default allocation pool). */
export function allocationPool(cidr: string): { start: string; end: string } {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const first = toInt(base);
  return { start: toIp(first + 1), end: toIp(first + size - 2) };
}

/** The lowest free address of the subnet, or null when it is exhausted. */
export function nextFreeIp(subnet: SubnetRow, used: ReadonlySet<string>): string | null {
  const { start, end } = allocationPool(subnet.cidr);
  for (let n = toInt(start); n <= toInt(end); n++) {
    const ip = toIp(n);
    if (ip !== subnet.gateway_ip && !used.has(ip)) return ip;
  }
  return null;
}

/** Whether an IPv4 address lies in the CIDR. */
export function inCidr(ip: string, cidr: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return false;
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

export function randomMac(): string {
  return ['fa', '16', '3e', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
