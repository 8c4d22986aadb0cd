// What the hypervisor on the host could not do for the guest: run KVM at all (virt_type=kvm where
// the kernel offers no /dev/kvm: QEMU's "Could not access KVM kernel module: No such file or
// directory", "failed to initialize KVM: …"), or open it (the same with "Permission denied": the
// hypervisor's permissions, not its type); or give the guest what its definition asks for
// (libvirt's "unsupported configuration: …" about a device, bus or firmware, Nova's UEFINotSupported),
// unless that is the CPU model or the virt type, which have causes of their own.
import { describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';

describe('the hypervisor on the host', () => {
  it.each([
    ['no /dev/kvm, libvirt quoting qemu', 'Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor: Could not access KVM kernel module: No such file or directory', 'virt-type'],
    ['no /dev/kvm, a newer qemu with -accel', 'Build of instance 3f8e was re-scheduled: internal error: process exited while connecting to monitor: 2024-02-01T10:00:00.000000Z qemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory', 'virt-type'],
    ['an older qemu, upper case', 'Instance failed to spawn: libvirtError: internal error: process exited while connecting to monitor: failed to initialize KVM: No such file or directory', 'virt-type'],
    ['/dev/kvm there but not for qemu', 'Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied', 'hypervisor-permission'],
    ['libvirt refusing kvm itself', 'Instance failed to spawn: libvirtError: unsupported configuration: Domain requires KVM, but it is not available. Check that virtualization is enabled in the host BIOS, and host configuration is setup to load the kvm modules.', 'virt-type'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });
});

describe('a guest the host cannot give what it asks for', () => {
  it.each([
    ['a disk bus the machine type lacks', 'Instance failed to spawn: libvirtError: unsupported configuration: IDE controllers are unsupported for this QEMU binary or machine type', 'guest-config-unsupported'],
    ['a video model qemu lacks', "Instance failed to spawn: libvirt.libvirtError: unsupported configuration: this QEMU does not support 'cirrus' video device", 'guest-config-unsupported'],
    ['UEFI asked of a host without its firmware', 'Instance failed to spawn: nova.exception.UEFINotSupported: UEFI is not supported', 'guest-config-unsupported'],
    ['the CPU stays the CPU', 'Instance failed to spawn: libvirt.libvirtError: unsupported configuration: guest and host CPU are not compatible: Host CPU does not provide required features: svm', 'cpu-model'],
    ['the virt type stays the virt type', "Instance failed to spawn: libvirt.libvirtError: unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support virt type 'kvm'", 'virt-type'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });
});
