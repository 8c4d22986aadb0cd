// tempest.conf and accounts.yaml for the stack (../shared/tempest-notes.md §3): fixed accounts
// (demo, alt_demo, admin), identity v3 on the stack's port, the compute features the stack has.

export interface ConfInput { ws: string; baseUrl: string; imageRef: string; imageRefAlt: string; maxMicroversion: string }

/** [compute-feature-enabled]: what the stack claims; everything else off. */
export const FEATURES: Record<string, boolean> = {
  resize: true, cold_migration: true, console_output: true, live_migration: true, pause: true, suspend: true,
  shelve: true, shelve_migrate: false, snapshot: true, rescue: true, interface_attach: true, change_password: true,
  metadata_service: false, config_drive: false, personality: false, vnc_console: false, spice_console: false,
  serial_console: false, rdp_console: false, swap_volume: false, volume_multiattach: false, attach_encrypted_volume: false,
  disk_config: false, block_migration_for_live_migration: true, hostname_fqdn_sanitization: false,
};

export function tempestConf(c: ConfInput): string {
  const features = Object.entries(FEATURES).map(([k, v]) => `${k} = ${v}`).join('\n');
  return `[DEFAULT]
log_dir = ${c.ws}/logs
log_file = tempest.log

[oslo_concurrency]
lock_path = ${c.ws}/lock

[auth]
use_dynamic_credentials = false
test_accounts_file = ${c.ws}/accounts.yaml
default_credentials_domain_name = Default
create_isolated_networks = false

[identity]
uri_v3 = ${c.baseUrl}/v3
auth_version = v3
region = RegionOne
v3_endpoint_type = public
admin_role = admin

[identity-feature-enabled]
api_v2 = false
api_v3 = true

[compute]
image_ref = ${c.imageRef}
image_ref_alt = ${c.imageRefAlt}
flavor_ref = 1
flavor_ref_alt = 2
fixed_network_name = private
endpoint_type = publicURL
region = RegionOne
catalog_type = compute
min_compute_nodes = 2
min_microversion = 2.1
max_microversion = ${c.maxMicroversion}
build_timeout = 30
build_interval = 1

[compute-feature-enabled]
${features}

[service_available]
nova = true
glance = true
neutron = true
cinder = true
swift = false
horizon = false

[image-feature-enabled]
api_v1 = false
api_v2 = true

[network]
project_networks_reachable = false
public_network_id =
floating_network_name =
shared_physical_network = false

[network-feature-enabled]
floating_ips = false
api_extensions = security-group

[validation]
run_validation = false
auth_method = keypair
connect_method = fixed
`;
}

export function accountsYaml(adminPassword: string, withAlt: boolean): string {
  const alt = withAlt ? `- username: alt_demo
  project_name: alt_demo
  password: alt-secret
  resources: {network: private}
` : '';
  return `- username: demo
  project_name: demo
  password: demo-secret
  resources: {network: private}
${alt}- username: admin
  project_name: admin
  password: ${adminPassword}
  roles: [admin]
  resources: {network: private}
`;
}
