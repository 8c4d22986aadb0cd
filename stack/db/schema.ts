// The nova database (one SQLite file, WAL) and placement's own (a second file, as placement
// has its own database in Nova). Statements are idempotent so every process can apply them
// at start. Column names follow Nova's models where one exists.

export const NOVA_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, password TEXT NOT NULL, domain_id TEXT NOT NULL DEFAULT 'default');
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, domain_id TEXT NOT NULL DEFAULT 'default');
CREATE TABLE IF NOT EXISTS role_assignments (user_id TEXT NOT NULL, project_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, project_id, role));
CREATE TABLE IF NOT EXISTS roles (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, domain_id TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS identity_attributes (id TEXT PRIMARY KEY, attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, project_id TEXT NOT NULL, issued_at TEXT NOT NULL, expires_at TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS flavors (
  id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, memory_mb INTEGER NOT NULL, vcpus INTEGER NOT NULL,
  root_gb INTEGER NOT NULL, ephemeral_gb INTEGER NOT NULL DEFAULT 0, swap INTEGER NOT NULL DEFAULT 0,
  rxtx_factor REAL NOT NULL DEFAULT 1.0, is_public INTEGER NOT NULL DEFAULT 1, disabled INTEGER NOT NULL DEFAULT 0,
  extra_specs TEXT NOT NULL DEFAULT '{}', description TEXT);
CREATE TABLE IF NOT EXISTS images (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, visibility TEXT NOT NULL DEFAULT 'public',
  disk_format TEXT NOT NULL DEFAULT 'qcow2', container_format TEXT NOT NULL DEFAULT 'bare', size INTEGER NOT NULL DEFAULT 0,
  min_disk INTEGER NOT NULL DEFAULT 0, min_ram INTEGER NOT NULL DEFAULT 0, owner TEXT, checksum TEXT,
  properties TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS networks (id TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT, shared INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'ACTIVE', created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subnets (id TEXT PRIMARY KEY, network_id TEXT NOT NULL, name TEXT NOT NULL, cidr TEXT NOT NULL, gateway_ip TEXT NOT NULL, ip_version INTEGER NOT NULL DEFAULT 4);
CREATE TABLE IF NOT EXISTS ports (
  id TEXT PRIMARY KEY, network_id TEXT NOT NULL, subnet_id TEXT NOT NULL, device_id TEXT, device_owner TEXT,
  mac_address TEXT NOT NULL, ip_address TEXT NOT NULL, status TEXT NOT NULL, binding_host_id TEXT,
  binding_vif_type TEXT NOT NULL DEFAULT 'unbound', project_id TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS security_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', project_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS security_group_rules (
  id TEXT PRIMARY KEY, security_group_id TEXT NOT NULL, direction TEXT NOT NULL, ethertype TEXT NOT NULL, protocol TEXT, port_range_min INTEGER,
  port_range_max INTEGER, remote_ip_prefix TEXT, remote_group_id TEXT, project_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS port_security_groups (port_id TEXT NOT NULL, security_group_id TEXT NOT NULL, PRIMARY KEY (port_id, security_group_id));
CREATE TABLE IF NOT EXISTS volumes (
  id TEXT PRIMARY KEY, name TEXT, project_id TEXT NOT NULL, user_id TEXT NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL,
  attach_status TEXT NOT NULL DEFAULT 'detached', image_id TEXT, availability_zone TEXT NOT NULL DEFAULT 'nova', bootable INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  -- volumes.volume_type_id and volume_type: the volume's type (volume_types) and its name.
  volume_type_id TEXT NOT NULL DEFAULT '00000000-0000-4000-8000-00000000000d', volume_type TEXT NOT NULL DEFAULT '__DEFAULT__');
CREATE TABLE IF NOT EXISTS volume_types (id TEXT PRIMARY KEY, name TEXT UNIQUE NOT NULL, description TEXT, is_public INTEGER NOT NULL DEFAULT 1);
INSERT OR IGNORE INTO volume_types (id, name, description, is_public) VALUES ('00000000-0000-4000-8000-00000000000d', '__DEFAULT__', 'Default Volume Type', 1);
CREATE TABLE IF NOT EXISTS volume_attachments (
  id TEXT PRIMARY KEY, volume_id TEXT NOT NULL, instance_uuid TEXT NOT NULL, attach_status TEXT NOT NULL, connector TEXT,
  mountpoint TEXT, attach_mode TEXT NOT NULL DEFAULT 'rw', attached_at TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS floating_ips (id TEXT PRIMARY KEY, floating_ip_address TEXT NOT NULL, port_id TEXT, project_id TEXT, status TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS instances (
  uuid TEXT PRIMARY KEY, name TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL,
  image_ref TEXT NOT NULL, flavor_id TEXT NOT NULL, vm_state TEXT NOT NULL, task_state TEXT, power_state INTEGER NOT NULL DEFAULT 0,
  host TEXT, node TEXT, availability_zone TEXT, key_name TEXT, metadata TEXT NOT NULL DEFAULT '{}',
  access_ip_v4 TEXT, access_ip_v6 TEXT, locked INTEGER NOT NULL DEFAULT 0, progress INTEGER NOT NULL DEFAULT 0,
  launched_at TEXT, terminated_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
  reservation_id TEXT NOT NULL, console_log TEXT NOT NULL DEFAULT '', request_spec TEXT NOT NULL DEFAULT '{}',
  hostname TEXT NOT NULL DEFAULT '', launch_index INTEGER NOT NULL DEFAULT 0, kernel_id TEXT NOT NULL DEFAULT '', ramdisk_id TEXT NOT NULL DEFAULT '',
  root_device_name TEXT, user_data TEXT, display_description TEXT,
  -- instance_extra.trusted_certs: the JSON list of trusted image certificate ids (2.63), NULL for none.
  trusted_certs TEXT,
  -- instance_extra.numa_topology: the cells the compute's claim gave a NUMA flavor (JSON), NULL for none.
  numa_topology TEXT);
CREATE INDEX IF NOT EXISTS instances_project ON instances (project_id, deleted_at);
CREATE TABLE IF NOT EXISTS tags (resource_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (resource_id, tag));
CREATE TABLE IF NOT EXISTS block_device_mapping (
  id INTEGER PRIMARY KEY AUTOINCREMENT, instance_uuid TEXT NOT NULL, boot_index INTEGER, source_type TEXT NOT NULL, destination_type TEXT NOT NULL,
  image_id TEXT, volume_id TEXT, volume_size INTEGER, delete_on_termination INTEGER NOT NULL DEFAULT 0, device_name TEXT, tag TEXT, attachment_id TEXT,
  connection_info TEXT, created_at TEXT NOT NULL,
  -- block_device_mapping.volume_type: the cinder type (its name) of a volume nova creates for the mapping (2.67).
  volume_type TEXT,
  -- block_device_mapping.uuid: made when the mapping is (a random version 4 uuid), shown as bdm_uuid from 2.89.
  uuid TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
    || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))));
CREATE INDEX IF NOT EXISTS bdm_instance ON block_device_mapping (instance_uuid);
CREATE TABLE IF NOT EXISTS instance_faults (id INTEGER PRIMARY KEY AUTOINCREMENT, instance_uuid TEXT NOT NULL, code INTEGER NOT NULL, message TEXT NOT NULL, details TEXT NOT NULL, host TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS instance_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, instance_uuid TEXT NOT NULL, action TEXT NOT NULL, request_id TEXT NOT NULL,
  user_id TEXT, project_id TEXT, start_time TEXT NOT NULL, finish_time TEXT, message TEXT,
  -- Set by each event's start and finish (NULL for an action without events), as Nova's action_event_start/finish do.
  updated_at TEXT);
CREATE INDEX IF NOT EXISTS instance_actions_instance ON instance_actions (instance_uuid, request_id);
-- A SOFT_DELETED instance's deletion time (Nova keeps it in instances.deleted_at; here deleted_at
-- marks a destroyed row): what _reclaim_queued_deletes compares with reclaim_instance_interval.
CREATE TABLE IF NOT EXISTS queued_deletes (instance_uuid TEXT PRIMARY KEY, deleted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS instance_system_metadata (instance_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT, PRIMARY KEY (instance_uuid, key));
CREATE TABLE IF NOT EXISTS instance_actions_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, action_id INTEGER NOT NULL, event TEXT NOT NULL, start_time TEXT NOT NULL,
  finish_time TEXT, result TEXT, traceback TEXT, host TEXT,
  -- The failure's message, as exception_to_dict makes it (NULL for an event that did not fail); shown from 2.84.
  details TEXT);

-- A service's uuid (its id from microversion 2.53) is made by SQLite when the row is inserted, as Service.create makes one.
CREATE TABLE IF NOT EXISTS services (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT UNIQUE NOT NULL DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
  host TEXT NOT NULL, binary TEXT NOT NULL, topic TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, disabled_reason TEXT, forced_down INTEGER NOT NULL DEFAULT 0,
  report_count INTEGER NOT NULL DEFAULT 0, last_seen_up TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (host, binary));
CREATE TABLE IF NOT EXISTS compute_nodes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, host TEXT UNIQUE NOT NULL, hypervisor_hostname TEXT NOT NULL,
  hypervisor_type TEXT NOT NULL DEFAULT 'fake', host_ip TEXT NOT NULL DEFAULT '127.0.0.1',
  vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL, local_gb INTEGER NOT NULL,
  vcpus_used INTEGER NOT NULL DEFAULT 0, memory_mb_used INTEGER NOT NULL DEFAULT 0, local_gb_used INTEGER NOT NULL DEFAULT 0,
  running_vms INTEGER NOT NULL DEFAULT 0, cpu_allocation_ratio REAL NOT NULL DEFAULT 16.0,
  ram_allocation_ratio REAL NOT NULL DEFAULT 1.5, disk_allocation_ratio REAL NOT NULL DEFAULT 1.0, numa_topology TEXT, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aggregates (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, name TEXT UNIQUE NOT NULL, created_at TEXT NOT NULL, updated_at TEXT);
CREATE TABLE IF NOT EXISTS aggregate_hosts (aggregate_id INTEGER NOT NULL, host TEXT NOT NULL, PRIMARY KEY (aggregate_id, host));
CREATE TABLE IF NOT EXISTS aggregate_metadata (aggregate_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (aggregate_id, key));
CREATE TABLE IF NOT EXISTS keypairs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, user_id TEXT NOT NULL, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL, type TEXT NOT NULL DEFAULT 'ssh', created_at TEXT NOT NULL, UNIQUE (user_id, name));
-- server_groups.rules: the JSON of the group's rules (2.64: max_server_per_host for anti-affinity), '{}' for none.
CREATE TABLE IF NOT EXISTS server_groups (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, project_id TEXT NOT NULL, user_id TEXT NOT NULL, policy TEXT NOT NULL, rules TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL);
-- virtual_interfaces: nova's record of each port it allocated for an instance (uuid: the port id) and its device tag.
CREATE TABLE IF NOT EXISTS virtual_interfaces (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, instance_uuid TEXT NOT NULL, address TEXT, network_id TEXT, tag TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS virtual_interfaces_instance ON virtual_interfaces (instance_uuid);
CREATE TABLE IF NOT EXISTS server_group_members (group_id INTEGER NOT NULL, instance_uuid TEXT NOT NULL, PRIMARY KEY (group_id, instance_uuid));
CREATE TABLE IF NOT EXISTS quotas (project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL, PRIMARY KEY (project_id, resource));
CREATE TABLE IF NOT EXISTS quota_classes (class_name TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL, PRIMARY KEY (class_name, resource));
CREATE TABLE IF NOT EXISTS migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE, instance_uuid TEXT NOT NULL, source_compute TEXT, dest_compute TEXT,
  source_node TEXT, dest_node TEXT, dest_host TEXT, status TEXT NOT NULL, migration_type TEXT NOT NULL,
  old_instance_type_id TEXT, new_instance_type_id TEXT, user_id TEXT, project_id TEXT, created_at TEXT NOT NULL, updated_at TEXT,
  old_flavor TEXT, new_flavor TEXT);
CREATE INDEX IF NOT EXISTS migrations_instance ON migrations (instance_uuid, status);
`;

export const PLACEMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS resource_providers (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, name TEXT UNIQUE NOT NULL, generation INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inventories (
  resource_provider_id INTEGER NOT NULL, resource_class TEXT NOT NULL, total INTEGER NOT NULL, reserved INTEGER NOT NULL DEFAULT 0,
  min_unit INTEGER NOT NULL DEFAULT 1, max_unit INTEGER NOT NULL, step_size INTEGER NOT NULL DEFAULT 1, allocation_ratio REAL NOT NULL DEFAULT 1.0,
  PRIMARY KEY (resource_provider_id, resource_class));
CREATE TABLE IF NOT EXISTS consumers (uuid TEXT PRIMARY KEY, project_id TEXT NOT NULL, user_id TEXT NOT NULL, generation INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS allocations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, resource_provider_id INTEGER NOT NULL, consumer_id TEXT NOT NULL,
  resource_class TEXT NOT NULL, used INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS allocations_consumer ON allocations (consumer_id);
CREATE INDEX IF NOT EXISTS allocations_provider ON allocations (resource_provider_id, resource_class);
CREATE TABLE IF NOT EXISTS resource_provider_aggregates (resource_provider_id INTEGER NOT NULL, aggregate_uuid TEXT NOT NULL, PRIMARY KEY (resource_provider_id, aggregate_uuid));
CREATE TABLE IF NOT EXISTS resource_provider_traits (resource_provider_id INTEGER NOT NULL, trait TEXT NOT NULL, PRIMARY KEY (resource_provider_id, trait));
`;
