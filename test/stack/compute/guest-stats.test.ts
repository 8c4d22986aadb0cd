// The libvirt driver's diagnostics of a fake guest: devices as libvirt names them, counters that
// grow with the time the domain has run, and the 2.48 view's memory in whole GiB.
import { describe, expect, it } from 'vitest';
import type { Guest } from '../../../stack/compute/fake-driver.js';
import { diagnosticsBlob, guestDisks, instanceDiagnostics } from '../../../stack/compute/guest-stats.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const guest = (flavor: Partial<Guest['flavor']> = {}): Guest => ({
  uuid: 'u', name: 'g', powerState: 1, consoleLog: [], startedAt: T0,
  flavor: { id: '1', name: 'f', memory_mb: 2048, vcpus: 2, root_gb: 1, ephemeral_gb: 0, swap: 0, extra_specs: {}, ...flavor },
});
const NIC = [{ mac: 'fa:16:3e:11:22:33', dev: 'tapabcdef01-23' }];

describe('guest diagnostics', () => {
  it('names the root, ephemeral and swap disks vda, vdb, vdc', () => {
    expect(guestDisks(guest())).toEqual(['vda']);
    expect(guestDisks(guest({ swap: 512 }))).toEqual(['vda', 'vdb']);
    expect(guestDisks(guest({ ephemeral_gb: 1, swap: 512 }))).toEqual(['vda', 'vdb', 'vdc']);
  });

  it('the blob has a key per vcpu, disk and tap device, and counters grow with the time running', () => {
    const early = diagnosticsBlob(guest(), NIC, T0 + 1_000);
    const later = diagnosticsBlob(guest(), NIC, T0 + 61_000);
    expect(Object.keys(early).filter((k) => k.startsWith('cpu'))).toEqual(['cpu0_time', 'cpu1_time']);
    expect(early).toMatchObject({ memory: 2097152, 'memory-actual': 2097152, vda_errors: -1, 'tapabcdef01-23_tx_errors': 0 });
    expect(later.cpu0_time - early.cpu0_time).toBe(60 * 20_000_000);
    expect(later.vda_read).toBeGreaterThan(early.vda_read);
    expect(later['tapabcdef01-23_rx']).toBeGreaterThan(early['tapabcdef01-23_rx']);
  });

  it('the standardized view: uptime from launched_at, memory in whole GiB, one entry per device', () => {
    const d = instanceDiagnostics(guest(), NIC, '2025-12-31T23:58:20Z', false, T0 + 30_000);
    expect(d).toMatchObject({ state: 'running', driver: 'libvirt', uptime: 130, num_cpus: 2, num_nics: 1, num_disks: 1, memory_details: { maximum: 2, used: 2 } });
    expect(d.cpu_details.map((c) => c.utilisation)).toEqual([null, null]);
    expect(instanceDiagnostics(guest(), [], null, false, T0).uptime).toBeNull();
  });
});
