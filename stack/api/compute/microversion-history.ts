// The compute microversions the stack serves, as data: each version and what it changes in the
// stack's API (nova/api/openstack/api_version_request.py words them). Versions about APIs the
// stack does not serve (consoles, fixed IPs, volumes, evacuate, live migration, os-hosts…)
// change nothing here and say so. The last entry is the maximum the stack advertises.

export interface Microversion { version: string; changes: string }

export const MICROVERSIONS: readonly Microversion[] = [
  { version: '2.1', changes: 'Initial version. Equivalent to v2.0 code.' },
  { version: '2.2', changes: 'Keypairs: `type` (ssh, x509) in create/list/show; create answers 201, delete 204.' },
  { version: '2.3', changes: 'Server show/detail (admins): OS-EXT-SRV-ATTR:hostname, kernel_id, launch_index, ramdisk_id, reservation_id, root_device_name, user_data (not in the rebuild answer); os-extended-volumes:volumes_attached entries gain delete_on_termination.' },
  { version: '2.4', changes: 'Nothing here: it adds `reserved` to os-fixed-ips, a nova-network API that current Nova answers 410 Gone at every version and the stack does not route (404 at every version).' },
  { version: '2.5', changes: 'GET /servers[/detail]: the `ip6` filter is honoured for non-admins too (a regex on the fixed IPv6 addresses).' },
  { version: '2.6', changes: 'Nothing here: POST /servers/{id}/remote-consoles replaces the os-get*Console actions; the stack serves no consoles at any version (404, and the 2.1 console actions answer "There is no such action").' },
  { version: '2.7', changes: 'Nothing here: addTenantAccess refuses public flavors; the stack has no os-flavor-access actions at any version (POST /flavors/{id}/action is 404).' },
  { version: '2.8', changes: 'Nothing here: the mks remote console protocol; no consoles (see 2.6).' },
  { version: '2.9', changes: 'Server show/detail, PUT and rebuild answers: `locked` (boolean).' },
  { version: '2.10', changes: 'Keypairs: admins list, show, create and delete another user\'s key pairs with `user_id`.' },
  { version: '2.11', changes: 'os-services: `forced_down` in the list; PUT /os-services/force-down {host, binary, forced_down} (nova-compute only; a host with `done` evacuations is not forced up).' },
  { version: '2.12', changes: 'Nothing here: `net_id` in os-virtual-interfaces, a nova-network API that current Nova answers 410 Gone and the stack does not route (404 at every version).' },
  { version: '2.13', changes: 'os-server-groups: `project_id` and `user_id` in create, list and show.' },
  { version: '2.14', changes: 'evacuate: no `onSharedStorage` in the request (compute asks its driver and logs "on_shared_storage is not provided…"); the answer has no adminPass (200, empty body).' },
  { version: '2.15', changes: 'os-server-groups: the soft-affinity and soft-anti-affinity policies (refused below 2.15), weighed by ServerGroupSoftAffinityWeigher / ServerGroupSoftAntiAffinityWeigher.' },
  { version: '2.16', changes: 'Server show/detail (admins): `host_status` — UP, DOWN (forced down), MAINTENANCE (disabled), UNKNOWN (no heartbeat), "" (no host); not in PUT/rebuild answers.' },
  { version: '2.17', changes: 'POST /servers/{id}/action trigger_crash_dump (null): active, paused, rescued, resized or error servers with no task; recorded as trigger_crash_dump, cast to the host (the fake driver does nothing); 404 below 2.17.' },
  { version: '2.18', changes: 'Nothing here: project_id becomes optional in the URLs; the stack serves only the URLs without it, at every version (its catalog names /compute/v2.1).' },
  { version: '2.19', changes: 'Server `description`: set on create, PUT and rebuild (printable, 255 at most, null clears), shown in show/detail, PUT and rebuild answers; below 2.19 a new server\'s description is its name and the field is refused.' },
  { version: '2.20', changes: 'Nothing here: volume attach/detach for shelved servers through os-volume_attachments, an API the stack does not serve at any version (404).' },
  { version: '2.21', changes: 'os-instance-actions list and show also find deleted servers.' },
  { version: '2.22', changes: 'POST /servers/{id}/migrations/{migration_id}/action force_complete (null) on a running live migration: recorded as live_migration_force_complete, cast to the source host, whose libvirt-like driver pauses the guest (no post-copy) so the copy ends at once.' },
  { version: '2.23', changes: 'GET /servers/{id}/migrations[/{migration_id}]: the server\'s live migrations in progress; os-migrations gains migration_type and a link for a live migration in progress.' },
  { version: '2.24', changes: 'DELETE /servers/{id}/migrations/{migration_id}: abort a running live migration (409 locked or not migrating, 404 unknown migration, 400 not running).' },
  { version: '2.25', changes: 'os-migrateLive: no disk_over_commit (refused); block_migration may be "auto" (the destination decides: block migration, as no instance path is shared here).' },
  { version: '2.26', changes: 'Server tags: GET/PUT/DELETE /servers/{id}/tags[/{tag}] (at most 50 per server, no "/" or ",", 409 unless active, paused, suspended or stopped; 403 for another project\'s server as the tags policy is checked on its project); `tags` in show/detail, PUT and rebuild answers; list filters tags, tags-any, not-tags, not-tags-any.' },
  { version: '2.27', changes: 'Nothing here: it names the OpenStack-API-Version header, which the stack (as current Nova) accepts beside X-OpenStack-Nova-API-Version at every version.' },
  { version: '2.28', changes: 'os-hypervisors show/detail: cpu_info is an object (the JSON the driver reported), not its text.' },
  { version: '2.29', changes: 'evacuate: `force` (boolean, needs a host); a host without force is the request spec\'s requested_destination, which the scheduler checks (placement in_tree of its node, then the filters on that host only); a forced host skips the scheduler as before.' },
  { version: '2.30', changes: 'os-migrateLive: `force` (boolean, needs a host); a host without force goes through the scheduler as the requested destination, a forced one is checked by the conductor alone as before.' },
  { version: '2.31', changes: 'Nothing here: os-console-auth-tokens answers for every console type; the stack serves no consoles and no console tokens at any version (404; see 2.6).' },
  { version: '2.32', changes: 'POST /servers: a device `tag` on each requested network and block device (parameter_types.tag), kept with the request (the request spec\'s network tags, the mapping\'s tag); refused below 2.32 (additional property). From 2.33 the block device tag is refused again, as in Nova.' },
  { version: '2.33', changes: 'os-hypervisors list and detail: `limit` and `marker` (a node id; "marker [x] not found" is 400), hypervisors_links on a full page.' },
  { version: '2.34', changes: 'os-migrateLive: the API casts live_migrate_instance to the conductor and answers 202 at once; pre-check failures (NoValidHost, MigrationPreCheckError…) no longer reach the caller: the instance action\'s conductor_live_migrate_instance event records them, and the conductor logs "Exception during message handling" with the traceback.' },
  { version: '2.35', changes: 'os-keypairs list: `limit` and `marker` (a key pair name), keypairs_links whenever the page is as long as the limit.' },
  { version: '2.36', changes: 'The proxy APIs the stack serves are gone (a bare 404): images (list, detail, show, delete) and os-security-groups (list, show, create, update, delete); os-quota-sets and limits leave out the network quotas (floating_ips, security_groups, security_group_rules and their limits).' },
  { version: '2.37', changes: 'POST /servers: `networks` is required: \'auto\' (the project\'s only network; none at all is "Unable to automatically allocate a network", as neutron here cannot build one), \'none\' (no port: compute logs "Not allocating networking since \'none\' was specified." and the guest has no interface) or a list whose uuids must be UUIDs; the network device tag is refused until 2.42.' },
];
