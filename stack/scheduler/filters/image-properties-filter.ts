// ImagePropertiesFilter: an image asking for an architecture, hypervisor type or VM mode only
// lands on a host that advertises that combination in its supported instances.

import { hostStateRepr, type HostState } from '../host-state.js';
import { pyRepr } from '../py-repr.js';
import { filterLogger, type FilterRequest, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.image_props_filter', 'scheduler/filters/image_props_filter.py');

/** Image property names, newest first (ImageMetaProps field, then the legacy glance name). */
const CHECKED = [
  { field: 'hw_architecture', names: ['hw_architecture', 'architecture'] },
  { field: 'img_hv_type', names: ['img_hv_type', 'hypervisor_type'] },
  { field: 'hw_vm_mode', names: ['hw_vm_mode', 'vm_mode'] },
] as const;

const CANONICAL: Record<string, string> = { amd64: 'x86_64', x64: 'x86_64', i386: 'i686', x86: 'i686', hv: 'hvm', pv: 'xen', xapi: 'xen' };
const canonical = (v: string) => CANONICAL[v.toLowerCase()] ?? v.toLowerCase();

function wantedProps(properties: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const { field, names } of CHECKED) {
    const name = names.find((n) => properties[n]);
    if (name) out.set(field, canonical(properties[name]));
  }
  return out;
}

/** oslo.versionedobjects prints only the fields that are set, comma-joined. */
const propsRepr = (wanted: Map<string, string>) => `ImageMetaProps(${[...wanted].map(([k, v]) => `${k}=${pyRepr(v)}`).join(',')})`;

function instanceSupported(host: HostState, req: FilterRequest): boolean {
  const wanted = wantedProps(req.spec.image?.properties ?? {});
  if (wanted.size === 0) return true;
  const supported = host.supportedInstances;
  if (supported.length === 0) {
    LOG.debug(req, 63, `Instance contains properties ${propsRepr(wanted)}, but no corresponding supported_instances are advertised by the compute node`, '_instance_supported');
    return false;
  }
  const triple = [wanted.get('hw_architecture'), wanted.get('img_hv_type'), wanted.get('hw_vm_mode')];
  if (supported.some((s) => triple.every((v) => v === undefined || s.includes(v)))) return true;
  LOG.debug(req, 89, `Instance contains properties ${propsRepr(wanted)} that are not provided by the compute node supported_instances ${pyRepr(supported)} or hypervisor version ${host.hypervisorVersion} do not match`, '_instance_supported');
  return false;
}

export const ImagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  passes(host, req) {
    if (!instanceSupported(host, req)) {
      LOG.debug(req, 108, `${hostStateRepr(host)} does not support requested instance_properties`);
      return false;
    }
    return true;
  },
};
