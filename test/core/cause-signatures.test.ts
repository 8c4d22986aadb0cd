// The cause table on the lines each failure writes (as real Nova and the stack word them).
import { describe, expect, it } from 'vitest';
import { causeByFilter, causeByText } from '../../core/cause-signatures.js';

describe('cause signatures', () => {
  it.each([
    ['Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied', 'hypervisor-permission', 'compute.spawn'],
    ['Failed to allocate network(s)\nnova.exception.PortBindingFailed: Binding failed for port 3e02, please check neutron logs for more information.', 'port-binding-failed', 'compute.network'],
    ['Instance failed to spawn: nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed', 'vif-plug-timeout', 'compute.network'],
    ['Instance failed to spawn: glanceclient.exc.HTTPServiceUnavailable: HTTP 503 Service Unavailable', 'image-unavailable', 'compute.image'],
    ['Instance failed to spawn: nova.exception.ImageNotFound: Image c1d2 could not be found.', 'image-unavailable', 'compute.image'],
    ["Instance failed to spawn: OSError: [Errno 28] No space left on device: '/var/lib/nova/instances/_base/ab.part'", 'disk-full', 'compute.image'],
    ['Failed to schedule instances: MessagingTimeout: Timed out waiting for a reply to message ID 1f2e', 'rpc-timeout', 'scheduler.select_destinations'],
    ["Build of instance c93a aborted: Flavor's disk is too small for requested image. Flavor disk is 1073741824 bytes, image is 2147483648 bytes.", 'image-too-big', 'compute.image'],
    ['[instance: 3f8e] Image virtual size 21474836480 is larger than flavor root disk size 1073741824', 'image-too-big', 'compute.image'],
    ['HTTP exception thrown: Quota exceeded for instances: Requested 1, but already used 50 of 50 instances', 'quota-exceeded', 'api.accepted'],
  ])('%s → %s', (text, id, stage) => {
    expect(causeByText(text)).toMatchObject({ id, stage });
  });

  it.each([
    ['RamFilter', 'hosts-full'], ['DiskFilter', 'hosts-full'], ['CoreFilter', 'hosts-full'], ['AvailabilityZoneFilter', 'az-mismatch'],
    ['ComputeFilter', 'compute-down'], ['ServerGroupAntiAffinityFilter', 'anti-affinity'],
  ])('NoValidHost emptied by %s → %s', (filter, id) => {
    expect(causeByFilter(filter)?.id).toBe(id);
  });

  it('names no cause for what it does not know', () => {
    expect(causeByText('Instance failed to spawn: FooError: something else')).toBeNull();
    expect(causeByText('Instance failed to spawn: TypeError: something else')?.id).toBe('code-error');
    expect(causeByFilter('RetryFilter')).toBeNull();
    expect(causeByFilter(null)).toBeNull();
  });
});
