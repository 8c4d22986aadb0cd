// The compute microversions the stack serves, as data: each version and what it changes in the
// stack's API (nova/api/openstack/api_version_request.py words them). Versions about APIs the
// stack does not serve (consoles, fixed IPs, volumes, evacuate, live migration, os-hosts…)
// change nothing here and say so. The last entry is the maximum the stack advertises.

export interface Microversion { version: string; changes: string }

export const MICROVERSIONS: readonly Microversion[] = [
  { version: '2.1', changes: 'Initial version. Equivalent to v2.0 code.' },
  { version: '2.2', changes: 'Keypairs: `type` (ssh, x509) in create/list/show; create answers 201, delete 204.' },
];
