// The guest's port on the host: neutron could not bind it (PortBindingFailed from Liberty on, and
// before that the libvirt driver's 'Unexpected vif_type=binding_failed'), or it was bound but the
// host could not plug it (os-vif, the hybrid bridge): two different things to look at. Or the port
// could not be made at all: the project's port quota, security groups on a network without port security.
// Or it was bound to a VIF type this host cannot plug (an os-vif plugin missing, a Nova too old for the driver).
import { describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';

describe('binding or plugging the port', () => {
  it.each([
    ['Juno to Kilo: the driver meets an unbound port', 'NovaException: Unexpected vif_type=binding_failed', 'port-binding-failed'],
    ['no agent took the port at all', 'Instance failed to spawn: NovaException: Unexpected vif_type=unbound', 'port-binding-failed'],
    ['Liberty on', 'Instance failed to spawn: nova.exception.PortBindingFailed: Binding failed for port 1495cbd7-e09a-4d3b-8c79-a5e3ab0ad750, please check neutron logs for more information.', 'port-binding-failed'],
    ['os-vif could not build the bridge', "Instance failed to spawn: nova.exception.InternalError: Failure running os_vif plugin plug method: Failed to plug VIF VIFBridge(bridge_name='qbr0f1e2d3c-4b'). Got error: Failed to add interface: can't add qvb0f1e2d3c-4b to bridge qbr0f1e2d3c-4b: No such device", 'vif-plug-failed'],
    ['before os-vif (Mitaka and older)', 'Failed while plugging vif', 'vif-plug-failed'],
    ['libvirt without the bridge', "Instance failed to spawn: libvirtError: Cannot get interface MTU on 'qbr6c8e0a2b-4d': No such device", 'vif-plug-failed'],
    // vif_type=ovs without the hybrid bridge: libvirt adds the tap to OVS itself (ovs-vsctl), and says so.
    ['libvirt adding the tap to Open vSwitch', 'Instance failed to spawn: libvirtError: Unable to add port tap1495cbd7-e0 to OVS bridge br-int: Operation not permitted', 'vif-plug-failed'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });

  it.each([
    ['nova\'s own wrapper', 'Instance failed network setup after 1 attempt(s): nova.exception.PortLimitExceeded: Maximum number of ports exceeded', 'port-quota-exceeded'],
    ['neutron\'s answer', "Neutron error creating port on network 2a6f9c1e: neutronclient.common.exceptions.OverQuotaClient: Quota exceeded for resources: ['port'].", 'port-quota-exceeded'],
    ['the API refusing an instance over quota stays the API\'s', 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances', 'quota-exceeded'],
    ['an external network, not the admin\'s', 'Instance failed network setup after 1 attempt(s): nova.exception.ExternalNetworkAttachForbidden: It is not allowed to create an interface on external network 2a6f9c1e-7d3b-4e85-9c0a-4b8e1f6d2a97', 'external-network-forbidden'],
    ['security groups on a network without port security', 'Instance failed network setup after 1 attempt(s): nova.exception.SecurityGroupCannotBeApplied: Network requires port_security_enabled and subnet associated in order to apply security groups.', 'security-groups-unappliable'],
  ])('the port could not be made: %s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });

  it('a vif type the driver does not know is no binding failure', () => {
    expect(causeFor({ text: 'NovaException: Unexpected vif_type=vhostuser' })?.id ?? 'none').not.toBe('port-binding-failed');
  });

  // Bound, but to a VIF type the host cannot plug: os-vif without the plugin for it, or a Nova
  // older than the mechanism driver that bound it.
  it.each([
    ['os-vif without the plugin', 'Instance failed to spawn: nova.exception.InternalError: Failure running os_vif plugin plug method: No VIF plugin was found with the name vrouter', 'vif-type-unsupported'],
    ['a Nova older than the driver, NovaException (older releases)', 'Instance failed to spawn: NovaException: Unexpected vif_type=tap', 'vif-type-unsupported'],
    ['a Nova older than the driver, InternalError (newer releases)', 'Instance failed to spawn: nova.exception.InternalError: Unexpected vif_type=vhostuser', 'vif-type-unsupported'],
    ['os-vif failing with its plugin there stays a plug failure', "Instance failed to spawn: nova.exception.InternalError: Failure running os_vif plugin plug method: Failed to plug VIF VIFBridge(bridge_name='qbr0f1e2d3c-4b'). Got error: Failed to add interface: can't add qvb0f1e2d3c-4b to bridge qbr0f1e2d3c-4b: No such device", 'vif-plug-failed'],
    ['no binding at all stays a binding failure', 'Instance failed to spawn: NovaException: Unexpected vif_type=binding_failed', 'port-binding-failed'],
  ])('a VIF type the host cannot plug: %s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });
});
