// The libvirt driver's two diagnostics answers for a running guest of the fake hypervisor:
// get_diagnostics, the flat blob keyed by device (`cpu0_time`, `vda_read`, `tap…_rx`, `memory`,
// `memory-actual`…), and get_instance_diagnostics, the standardized Diagnostics object of
// microversion 2.48. The counters are those of a mostly idle guest and grow with the time the
// domain has been running, as libvirt's vcpu, block and interface statistics do.

import type { Guest } from './fake-driver.js';

/** A NIC of the domain: its MAC and its tap device (libvirt's <target dev=…>). */
export interface GuestNic { mac: string; dev: string }

interface BlockStats { rdReq: number; rdBytes: number; wrReq: number; wrBytes: number; errs: number }
interface IfaceStats { rx: number; rxPackets: number; rxErrs: number; rxDrop: number; tx: number; txPackets: number; txErrs: number; txDrop: number }

const KIB_PER_GIB = 1024 * 1024;

/** The domain's disks as the libvirt driver names them: the root disk, then ephemeral, then swap. */
export function guestDisks(g: Guest): string[] {
  return ['vda', ...(g.flavor.ephemeral_gb > 0 ? ['vdb'] : []), ...(g.flavor.swap > 0 ? [g.flavor.ephemeral_gb > 0 ? 'vdc' : 'vdb'] : [])];
}

const secondsUp = (g: Guest, now: number) => Math.max(0, Math.floor((now - g.startedAt) / 1000));

/** virDomainGetVcpus: the CPU time of each vcpu in nanoseconds (the boot, then about 2% busy). */
function vcpuTimes(g: Guest, now: number): number[] {
  const t = secondsUp(g, now);
  return Array.from({ length: g.flavor.vcpus }, (_, id) => (id === 0 ? 1_730_000_000 : 410_000_000) + t * 20_000_000);
}

/** virDomainBlockStats: the root disk carries the boot's reads and the guest's log writes; libvirt reports errs as -1. */
function blockStats(g: Guest, dev: string, now: number): BlockStats {
  const t = secondsUp(g, now);
  if (dev !== 'vda') return { rdReq: 4, rdBytes: 16_384, wrReq: 0, wrBytes: 0, errs: -1 };
  return { rdReq: 1_124 + t, rdBytes: 21_336_064 + t * 4_096, wrReq: 231 + 2 * t, wrBytes: 2_883_584 + t * 8_192, errs: -1 };
}

/** virDomainInterfaceStats: DHCP and neighbour traffic. */
function ifaceStats(g: Guest, now: number): IfaceStats {
  const t = secondsUp(g, now);
  return { rx: 2_070 + t * 90, rxPackets: 21 + t, rxErrs: 0, rxDrop: 0, tx: 1_478 + t * 42, txPackets: 13 + Math.floor(t / 2), txErrs: 0, txDrop: 0 };
}

/** virDomainMemoryStats without a balloon statistics period: only `actual` and `rss` (KiB). */
function memoryStats(g: Guest, now: number): Record<string, number> {
  const max = g.flavor.memory_mb * 1024;
  return { actual: max, rss: Math.min(max, 98_304 + secondsUp(g, now) * 16) };
}

/** LibvirtDriver.get_diagnostics. */
export function diagnosticsBlob(g: Guest, nics: readonly GuestNic[], now = Date.now()): Record<string, number> {
  const out: Record<string, number> = {};
  vcpuTimes(g, now).forEach((time, id) => { out[`cpu${id}_time`] = time; });
  for (const dev of guestDisks(g)) {
    const s = blockStats(g, dev, now);
    Object.assign(out, { [`${dev}_read_req`]: s.rdReq, [`${dev}_read`]: s.rdBytes, [`${dev}_write_req`]: s.wrReq, [`${dev}_write`]: s.wrBytes, [`${dev}_errors`]: s.errs });
  }
  for (const { dev } of nics) {
    const s = ifaceStats(g, now);
    Object.assign(out, {
      [`${dev}_rx`]: s.rx, [`${dev}_rx_packets`]: s.rxPackets, [`${dev}_rx_errors`]: s.rxErrs, [`${dev}_rx_drop`]: s.rxDrop,
      [`${dev}_tx`]: s.tx, [`${dev}_tx_packets`]: s.txPackets, [`${dev}_tx_errors`]: s.txErrs, [`${dev}_tx_drop`]: s.txDrop,
    });
  }
  out.memory = g.flavor.memory_mb * 1024;
  for (const [k, v] of Object.entries(memoryStats(g, now))) out[`memory-${k}`] = v;
  return out;
}

/** nova.objects.Diagnostics as the API's 2.48 view prints it (the fields libvirt leaves unset are null). */
export interface InstanceDiagnostics {
  state: string; driver: string; hypervisor: string | null; hypervisor_os: string | null; uptime: number | null; config_drive: boolean;
  num_cpus: number; num_nics: number; num_disks: number;
  memory_details: { maximum: number | null; used: number | null };
  cpu_details: { id: number | null; time: number | null; utilisation: number | null }[];
  nic_details: Record<string, string | number | null>[];
  disk_details: { read_bytes: number | null; read_requests: number | null; write_bytes: number | null; write_requests: number | null; errors_count: number | null }[];
}

/**
 * LibvirtDriver.get_instance_diagnostics: uptime from the instance's launched_at; memory from
 * virDomainGetInfo (KiB) divided by units.Mi and stored in an IntegerField, so whole GiB.
 */
export function instanceDiagnostics(g: Guest, nics: readonly GuestNic[], launchedAt: string | null, configDrive: boolean, now = Date.now()): InstanceDiagnostics {
  const memKib = g.flavor.memory_mb * 1024;
  const cpu_details = vcpuTimes(g, now).map((time, id) => ({ id, time, utilisation: null }));
  const disk_details = guestDisks(g).map((dev) => {
    const s = blockStats(g, dev, now);
    return { read_bytes: s.rdBytes, read_requests: s.rdReq, write_bytes: s.wrBytes, write_requests: s.wrReq, errors_count: s.errs };
  });
  const nic_details = nics.map(({ mac }) => {
    const s = ifaceStats(g, now);
    return {
      mac_address: mac, rx_octets: s.rx, rx_errors: s.rxErrs, rx_drop: s.rxDrop, rx_packets: s.rxPackets, rx_rate: null,
      tx_octets: s.tx, tx_errors: s.txErrs, tx_drop: s.txDrop, tx_packets: s.txPackets, tx_rate: null,
    };
  });
  return {
    state: 'running', driver: 'libvirt', hypervisor: 'kvm', hypervisor_os: 'linux',
    uptime: launchedAt ? Math.trunc((now - Date.parse(launchedAt.endsWith('Z') ? launchedAt : `${launchedAt}Z`)) / 1000) : null,
    config_drive: configDrive,
    num_cpus: cpu_details.length, num_nics: nic_details.length, num_disks: disk_details.length,
    memory_details: { maximum: Math.trunc(memKib / KIB_PER_GIB), used: Math.trunc(memKib / KIB_PER_GIB) },
    cpu_details, nic_details, disk_details,
  };
}
