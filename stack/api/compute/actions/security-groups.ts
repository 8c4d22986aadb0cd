// addSecurityGroup and removeSecurityGroup (nova.network.security_group_api add_to_instance /
// remove_from_instance): the group found by id or by name in the caller's project, then every
// port of the server updated in neutron, "Adding/Removing security group X to/from port Y" at
// INFO; Nova's 404 when the group, the ports or the binding is missing, 409 for an ambiguous name.

import { badRequest, conflict, notFound } from '../../http/api-error.js';
import type { ApiDeps } from '../../api-deps.js';
import type { ApiRequest } from '../../http/request.js';
import type { InstanceRow } from '../instances.js';
import { instancePorts, NeutronError, securityGroupIdByNameOrId, updatePort } from '../neutron-api.js';
import { ACCEPTED, invalid, member, objectValue, pyRepr, type ActionSpec } from './action-spec.js';

function parse(key: string) {
  return (value: unknown) => {
    const arg = objectValue(key, value, ['name']);
    if (arg.name === undefined) throw invalid(key, arg, "'name' is a required property");
    if (typeof arg.name !== 'string') throw invalid(`${key}/name`, arg.name, `${pyRepr(arg.name)} is not of type 'string'`);
    if (arg.name.length < 1) throw invalid(`${key}/name`, arg.name, "'' should be non-empty");
    return arg;
  };
}

async function groupAndPorts(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, name: string) {
  if (name.trim() === '') throw badRequest('Security group name cannot be empty');
  const project = req.ctx.projectId ?? '';
  let groupId: string;
  try {
    groupId = await securityGroupIdByNameOrId(deps, req, name, project);
  } catch (e) {
    if (e instanceof NeutronError && e.status === 404) throw notFound(`Security group ${name} is not found for project ${project}`);
    if (e instanceof NeutronError && e.status === 409) throw conflict(e.message);
    throw e;
  }
  const ports = await instancePorts(deps, req, inst.uuid);
  if (!ports.length) throw notFound(`instance_id ${inst.uuid} could not be found as device id on any ports`);
  return { groupId, ports };
}

const log = (deps: ApiDeps) => deps.logs.nova.child('nova.network.security_group_api');

export const SECURITY_GROUP_ACTIONS: Record<string, ActionSpec> = {
  addSecurityGroup: {
    calls: 'security_groups.SecurityGroupActionController._addSecurityGroup', name: 'addSecurityGroup',
    policy: member('os_compute_api:os-security-groups:add'), lockExempt: true, parse: parse('addSecurityGroup'),
    run: async (deps, req, inst, arg) => {
      const { groupId, ports } = await groupAndPorts(deps, req, inst, String(arg.name));
      for (const port of ports) {
        if (!port.port_security_enabled || !port.fixed_ips.length) {
          log(deps).warning(req.ctx, null, `Cannot add security group ${String(arg.name)} to ${inst.uuid} since the port ${port.id} does not meet security requirements`);
          throw badRequest('Network requires port_security_enabled and subnet associated in order to apply security groups.');
        }
        log(deps).info(req.ctx, null, `Adding security group ${groupId} to port ${port.id}`);
        await updatePort(deps, req, port.id, { security_groups: [...port.security_groups, groupId] });
      }
      return ACCEPTED;
    },
  },
  removeSecurityGroup: {
    calls: 'security_groups.SecurityGroupActionController._removeSecurityGroup', name: 'removeSecurityGroup',
    policy: member('os_compute_api:os-security-groups:remove'), lockExempt: true, parse: parse('removeSecurityGroup'),
    run: async (deps, req, inst, arg) => {
      const { groupId, ports } = await groupAndPorts(deps, req, inst, String(arg.name));
      let found = false;
      for (const port of ports) {
        if (!port.security_groups.includes(groupId)) continue;
        log(deps).info(req.ctx, null, `Removing security group ${groupId} from port ${port.id}`);
        await updatePort(deps, req, port.id, { security_groups: port.security_groups.filter((g) => g !== groupId) });
        found = true;
      }
      if (!found) throw notFound(`Security group ${String(arg.name)} not associated with the instance ${inst.uuid}`);
      return ACCEPTED;
    },
  },
};
