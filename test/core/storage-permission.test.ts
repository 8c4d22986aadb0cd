// "Permission denied" from qemu: on the host (/dev/kvm, the instance's files: the hypervisor's
// permissions) or from Ceph when qemu opens an rbd disk (the cephx user or its libvirt secret:
// the storage backend). The disk's rbd source in qemu's line tells which.
import { describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';

describe('whose permission was denied', () => {
  it.each([
    ['/dev/kvm', 'Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied', 'hypervisor-permission'],
    ['the instance disk file', "Instance failed to spawn: libvirtError: internal error: process exited while connecting to monitor: qemu-kvm: -drive file=/var/lib/nova/instances/3f8e/disk,format=qcow2,if=none: Could not open '/var/lib/nova/instances/3f8e/disk': Permission denied", 'hypervisor-permission'],
    ['an rbd disk, -drive (up to libvirt 6)', 'Instance failed to spawn: libvirtError: internal error: process exited while connecting to monitor: qemu-kvm: -drive file=rbd:vms/3f8e_disk:id=cinder:auth_supported=cephx\\;none:mon_host=10.0.0.21\\:6789,format=raw,if=none: error connecting: Permission denied', 'storage-backend'],
    ['an rbd disk, -blockdev', 'Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor: qemu-system-x86_64: -blockdev {"driver":"rbd","pool":"vms","image":"3f8e_disk","user":"cinder","node-name":"libvirt-1-storage"}: error connecting: Permission denied', 'storage-backend'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });
});
