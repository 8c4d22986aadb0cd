// The named faults a stack can be given, for labs and tests. Each acts at one decision point
// of one service (see the file named), as a small variant of what that service normally does.

export const FAULT_NAMES = [
  'hosts-full',            // compute/resource-tracker: hosts report their RAM taken
  'az-mismatch',           // lab setup: a zone without hosts
  'compute-down',          // compute-service: heartbeats stop
  'anti-affinity',         // lab setup: a group with more members than hosts
  'hypervisor-permission', // compute/fake-driver: spawn fails, KVM permission denied
  'vif-plug-timeout',      // api/network: neutron never sends network-vif-plugged
  'port-binding-failed',   // api/network: neutron cannot bind the port
  'image-unavailable',     // api/image: the image file cannot be downloaded
  'rpc-timeout',           // scheduler: select_destinations never answers
  'quota-exceeded',        // api/compute: the project's instance quota is used up
  'disk-full',             // compute/image-cache: _base cannot be written
  'clock-skew',            // common/oslo-logger: one host's log clock runs ahead
  'cell-unmapped',         // conductor/host-mapping: a compute never discovered into a cell
  'placement-drift',       // faults/placement-drift: allocations of purged servers left in placement
  'image-too-big',         // api/image: the image's virtual size exceeds the flavor's disk
  'volume-boot-failure',   // api/volume: cinder-lite's new volumes go to error
  'volume-attach-failure', // api/volume: cinder-lite cannot export a volume for an attachment (attachment update 500)
  'neutron-unreachable',   // compute/network-client: the host cannot reach neutron's endpoint
  'ip-exhausted',          // api/network: the subnets have no free address
  'bus-down',              // rpc/rpc-client: the bus stops delivering to the scheduler
  'token-expired',         // api/image: the user's token has expired by the time compute fetches the image
  'numa-misfit',           // compute/resource-tracker: the hosts report NUMA cells without free huge pages
  'cpu-model',             // compute/fake-driver: the host CPU lacks a feature the guest asks for
  'live-migration-failure', // faults/live-migration-failure: the destination's libvirtd unreachable from the source
  'resize-failure',        // faults/resize-failure: the source cannot ssh to the destination
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export function isFaultName(s: string): s is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(s);
}
