// The seam where neutron-lite decides whether a port can be bound on a host. The default binds
// every port with the OVS mechanism driver; a fault (e.g. "port binding failure on cmp2") swaps
// in a decider that answers 'binding_failed', and compute then fails the build with
// PortBindingFailed, as with a dead or misconfigured L2 agent.

export type VifType = 'ovs' | 'binding_failed';

export interface PortToBind {
  id: string;
  network_id: string;
  device_id: string | null;
  device_owner: string | null;
}

export type BindingDecider = (port: PortToBind, host: string) => VifType;

export const bindWithOvs: BindingDecider = () => 'ovs';

/** A decider that fails every binding on the given hosts (all hosts when the list is empty). */
export function failBindingOn(hosts: readonly string[]): BindingDecider {
  return (_port, host) => (hosts.length === 0 || hosts.includes(host) ? 'binding_failed' : 'ovs');
}

/** binding:vif_details that the OVS driver reports. */
export const OVS_VIF_DETAILS = { connectivity: 'l2', port_filter: true, ovs_hybrid_plug: false, datapath_type: 'system', bridge_name: 'br-int' };
