// Specific causes of a failed boot, recognised from the logs alone (never from how a fault was
// injected): a pattern in the root-cause line and its traceback, or the scheduler filter that
// removed the last host. The failure signature (signatures.ts) says how the boot ended; the
// cause says why, and where: it may move the failing stage (a network error found under a
// spawn failure belongs to compute.network).

import type { StageName } from './stage-names.js';

export interface CauseSignature {
  id: string;
  stage: StageName;
  /** The filter that emptied the host list (NoValidHost), or a pattern in the root-cause text. */
  filter?: RegExp;
  text?: RegExp;
  probableCause: string;
  nextCheck: string;
}

export const CAUSE_SIGNATURES: readonly CauseSignature[] = [
  {
    id: 'hosts-full', stage: 'scheduler.select_destinations', filter: /^(RamFilter|CoreFilter|DiskFilter)$/,
    text: /^Got no allocation candidates from the Placement API/,
    probableCause: 'no host has enough free RAM, vCPU or disk for the flavor (allocation ratios included)',
    nextCheck: "'openstack hypervisor stats show' and 'openstack resource provider usage show <rp>'; free capacity, a smaller flavor, or ram/cpu/disk_allocation_ratio",
  },
  {
    id: 'az-mismatch', stage: 'scheduler.select_destinations', filter: /^AvailabilityZoneFilter$/,
    text: /"GET [^"?]*\/allocation_candidates\?[^"]*member_of=in%3A/,
    probableCause: 'the requested availability zone has no usable compute host',
    nextCheck: "'openstack availability zone list --compute --long' and the aggregate that defines the zone ('openstack aggregate show')",
  },
  {
    id: 'compute-down', stage: 'scheduler.select_destinations', filter: /^ComputeFilter$/,
    probableCause: 'the candidate compute services are down or disabled (no recent heartbeat)',
    nextCheck: "'openstack compute service list'; nova-compute's log on those hosts, its connection to the message bus, service_down_time",
  },
  {
    id: 'anti-affinity', stage: 'scheduler.select_destinations', filter: /^ServerGroupAntiAffinityFilter$/,
    probableCause: 'the anti-affinity server group already has a member on every host',
    nextCheck: "'openstack server group show <group>': more members than hosts; use soft-anti-affinity or add hosts",
  },
  {
    id: 'hypervisor-permission', stage: 'compute.spawn', text: /Could not access KVM kernel module: Permission denied|libvirtError: .*Permission denied/,
    probableCause: 'qemu could not open /dev/kvm on the compute host (permissions, group membership, or KVM not loaded)',
    nextCheck: "on the host: 'ls -l /dev/kvm', 'lsmod | grep kvm', the qemu user's groups, libvirtd's log",
  },
  {
    id: 'vif-plug-timeout', stage: 'compute.network', text: /VirtualInterfaceCreateException|Timeout waiting for .*network-vif-plugged/,
    probableCause: 'neutron never reported the port as plugged (network-vif-plugged), so nova gave up waiting',
    nextCheck: "the neutron agent on the host ('openstack network agent list'), neutron-server's nova notifier, vif_plugging_timeout",
  },
  {
    id: 'port-binding-failed', stage: 'compute.network', text: /PortBindingFailed|Binding failed for port/,
    probableCause: 'neutron could not bind the port on the chosen host (no live agent or mechanism driver for it)',
    nextCheck: "'openstack port show <port>' (binding:vif_type binding_failed), 'openstack network agent list --host <host>', neutron-server's log",
  },
  {
    id: 'image-too-big', stage: 'compute.image',
    text: /FlavorDiskSmallerThanImage|FlavorDiskTooSmall|InstanceTypeDiskTooSmall|Flavor's disk is too small for requested image|larger than flavor root disk size|is larger than flavor size/,
    probableCause: "the image's (virtual) size is larger than the flavor's root disk",
    nextCheck: "'openstack image show <image>' (size, virtual_size, min_disk) against 'openstack flavor show <flavor>' (disk); boot with a larger flavor or set the image's min_disk so the API refuses it up front",
  },
  {
    id: 'image-unavailable', stage: 'compute.image', text: /HTTPServiceUnavailable|ImageNotFound|Image \S+ could not be found|ImageDownloadFailed/,
    probableCause: 'the image service could not deliver the image data to the compute host',
    nextCheck: "'openstack image show <image>' (status, size), glance-api's log and its store backend",
  },
  {
    id: 'disk-full', stage: 'compute.image', text: /No space left on device/,
    probableCause: "the compute host's instances directory (_base image cache) is full",
    nextCheck: "on the host: 'df -h /var/lib/nova/instances', image cache cleanup (remove_unused_base_images)",
  },
  {
    id: 'rpc-timeout', stage: 'scheduler.select_destinations', text: /MessagingTimeout/,
    probableCause: 'an RPC call got no answer in time (the service is down, stuck or overloaded, or the message bus lost it)',
    nextCheck: "'openstack compute service list', the called service's log at that time, rpc_response_timeout, the message bus",
  },
  {
    id: 'quota-exceeded', stage: 'api.accepted', text: /Quota exceeded/,
    probableCause: "the project's quota does not allow another instance (or the cores/RAM it needs)",
    nextCheck: "'openstack quota show' and 'openstack limits show --absolute'; delete servers or raise the quota",
  },
];

export function causeByFilter(filter: string | null): CauseSignature | null {
  return filter === null ? null : CAUSE_SIGNATURES.find((c) => c.filter?.test(filter)) ?? null;
}

export function causeByText(text: string): CauseSignature | null {
  return CAUSE_SIGNATURES.find((c) => c.text?.test(text)) ?? null;
}
