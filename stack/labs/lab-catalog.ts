// The training labs, as data: which faults to inject (or what to set up), what the trainee
// sees, the hints, the answer — the cause id nova-trace reports (core/causes/catalogue.json) —
// and its proof: which lines of the boot show it, what they mean and what the real fix is.

import type { Release } from '../common/release.js';
import type { FaultName } from '../faults/fault-catalog.js';

export interface Lab {
  id: string;
  title: string;
  difficulty: 'easy' | 'medium' | 'hard';
  faults: { name: FaultName; host?: string; count?: number; seconds?: number; mode?: string }[];
  /** Extra setup before the boot. */
  setup?: 'huge-flavor' | 'no-quota' | 'full-anti-affinity-group' | 'huge-pages-flavor';
  /** The Nova the lab's stack behaves as (default: current); legacy labs run on a stack of their own. */
  release?: Release;
  /** 'fresh': lab-vm boots from a newly uploaded image no host has cached (default: cirros). */
  image?: 'fresh';
  /** 'volume': lab-vm boots from a new 1 GB volume made from the image (openstack server create --boot-from-volume 1). */
  bootFrom?: 'volume';
  /** A move of lab-vm after a normal boot, made once the faults are in: the lab's request is the move's. */
  move?: 'live-migrate' | 'resize';
  /** What a user would report. */
  symptom: string;
  hints: string[];
  answer: string;
  /** The evidence `nova-lab check` asks for, and what it says after a correct answer. */
  proof: LabProof;
}

/** Which lines of the lab's boot prove its cause (checked against the lab's own trace). */
export interface LabProof {
  /** A line proves the cause when its text matches this (a regular expression, case-insensitive). */
  pattern: string;
  /** Only lines of these services count (the trace's service names); any service when absent. */
  services?: string[];
  /** 'compute': the host to name is a compute host whose log proves it (not the controller's logs). */
  host?: 'compute';
  /** What the proving lines show, said after a correct answer. */
  explain: string;
  /** What an operator would really do about it. */
  fix: string;
}

/** The causes offered as a numbered list by `nova-lab check` (the same for every lab). */
export const CHOICES = [
  'hosts-full', 'az-mismatch', 'compute-down', 'anti-affinity', 'hypervisor-permission', 'vif-plug-timeout',
  'port-binding-failed', 'image-unavailable', 'rpc-timeout', 'quota-exceeded', 'disk-full', 'clock-skew',
  'cpu-model', 'ip-exhausted', 'neutron-unreachable', 'image-too-big', 'cell-unmapped', 'bus-down',
  'numa-misfit', 'token-expired', 'placement-drift', 'volume-boot-failure', 'live-migration-failed', 'resize-failed',
] as const;

const TRACE_HINT = 'Find the request id of the boot (`openstack server event list lab-vm`) and run `nova-trace <request id>`.';
const moveHint = (action: string) => `Find the request id of the ${action} (\`openstack server event list lab-vm\`) and run \`nova-trace <request id>\`.`;

export const LABS: readonly Lab[] = [
  {
    id: 'big-flavor', title: 'The server that fits nowhere', difficulty: 'easy', faults: [], setup: 'huge-flavor',
    symptom: 'server lab-vm (flavor lab.huge) is in ERROR right after the boot', answer: 'hosts-full',
    hints: [TRACE_HINT, 'Which stage failed? Look at the filter funnel: which filter left no host?', 'Compare the flavor with `openstack hypervisor stats show`.'],
    proof: {
      pattern: 'Got no allocation candidates|GET /placement/allocation_candidates',
      explain: 'The scheduler asked placement for the flavor\'s resources (64 GB of RAM) and got no candidate: placement\'s query line shows what was asked, the scheduler\'s \'Got no allocation candidates\' that nothing could take it. No host has that much memory, even empty.',
      fix: 'Boot with a flavor that fits a host (openstack flavor list), or add hosts big enough for lab.huge; a flavor larger than every host should not be offered (make it private or delete it).',
    },
  },
  {
    id: 'crowded', title: 'Yesterday it fitted', difficulty: 'medium', faults: [{ name: 'hosts-full' }],
    symptom: 'server lab-vm (m1.tiny, the smallest flavor) is in ERROR right after the boot; yesterday the same boot worked', answer: 'hosts-full',
    hints: [TRACE_HINT, 'Which filter left no host?', "`openstack hypervisor list --long`: how much memory do the hosts say they use, and who uses it?"],
    proof: {
      pattern: 'Got no allocation candidates|GET /placement/allocation_candidates',
      explain: 'Placement found no provider with 512 MB of free RAM for the smallest flavor: the hosts\' last \'Final resource view\' reports show their memory used up (reserved memory raised on every host), so the query came back empty and the scheduler stopped before its filters.',
      fix: 'Find what holds the memory (openstack hypervisor list --long, openstack resource provider usage show <rp>): here reserved_host_memory_mb was raised on the computes; set it back and restart nova-compute, or free capacity / add hosts.',
    },
  },
  {
    id: 'nowhere-zone', title: 'A zone nobody asked for', difficulty: 'hard', faults: [{ name: 'az-mismatch' }],
    symptom: 'every new server goes to ERROR at once, although no one asks for an availability zone', answer: 'az-mismatch',
    hints: [TRACE_HINT, 'Which filter removed the hosts? Read its DEBUG lines in nova-scheduler.log: which zone was requested?', '`openstack server show lab-vm`: OS-EXT-AZ:availability_zone — where did that come from?'],
    proof: {
      pattern: 'member_of',
      explain: 'The placement query carries member_of=<aggregate>: the boot was restricted to availability zone az1 although the user asked for none, and that zone\'s aggregate holds no host. The zone came from the API\'s default_schedule_zone.',
      fix: 'Unset (or correct) [DEFAULT]default_schedule_zone in nova.conf on the API hosts and restart nova-api, or put compute hosts in the zone\'s aggregate (openstack aggregate add host).',
    },
  },
  {
    id: 'kvm', title: 'Every host refuses to start the guest', difficulty: 'medium', faults: [{ name: 'hypervisor-permission' }],
    symptom: 'server lab-vm is in ERROR after a few seconds; it tried more than one host', answer: 'hypervisor-permission',
    hints: [TRACE_HINT, 'The scheduler found hosts. Look at the attempts: why did each host give the server back?', 'Read the last line of the traceback on the last host.'],
    proof: {
      pattern: 'Permission denied|Could not access KVM', services: ['compute'], host: 'compute',
      explain: 'Each compute host got as far as starting the guest, and libvirt answered \'Could not access KVM kernel module: Permission denied\' — qemu could not open /dev/kvm. The build was rescheduled to the other host, which failed the same way, until the retries ran out.',
      fix: 'On the compute hosts: ls -l /dev/kvm (group kvm, mode 0660), the qemu user in group kvm, the kvm module loaded (lsmod | grep kvm), then restart libvirtd.',
    },
  },
  {
    id: 'binding', title: 'A port that never gets bound', difficulty: 'medium', faults: [{ name: 'port-binding-failed' }],
    symptom: 'server lab-vm is in ERROR; it was not rescheduled', answer: 'port-binding-failed',
    hints: [TRACE_HINT, 'Which stage failed, and which service does that stage talk to?', 'neutron-server.log has its side of the story.'],
    proof: {
      pattern: 'Failed to bind port|PortBindingFailed|binding_failed', host: 'compute',
      explain: 'neutron-server could not bind the port on the chosen host (\'Failed to bind port … on host <host>\'), and nova-compute got PortBindingFailed when it allocated the network: a port binding failure aborts the build without a reschedule.',
      fix: 'Make the host bindable: its L2 agent alive and registered (openstack network agent list --host <host>), a mechanism driver that serves the network type, bridge mappings for the physical network; then rebuild the server.',
    },
  },
  {
    id: 'silent-agent', title: 'Boot takes forever, then fails', difficulty: 'hard', faults: [{ name: 'vif-plug-timeout' }],
    symptom: 'server lab-vm stays in BUILD for a long time and ends in ERROR', answer: 'vif-plug-timeout',
    hints: [TRACE_HINT, 'The guest was defined. What was compute waiting for before resuming it?', 'Look for a WARNING from nova.virt.libvirt.driver just before the failure.'],
    proof: {
      pattern: 'Timeout waiting for .*network-vif-plugged|VirtualInterfaceCreateException', services: ['compute'], host: 'compute',
      explain: 'The guest was defined and compute waited for neutron\'s network-vif-plugged event; it never came, so after vif_plugging_timeout compute logged the timeout warning and failed with VirtualInterfaceCreateException.',
      fix: 'Look at the neutron agent on that host (openstack network agent list, its log) and neutron-server\'s nova notifier (the [nova] section credentials): the event must reach nova. Do not set vif_plugging_is_fatal=False to hide it.',
    },
  },
  {
    id: 'glance', title: 'The image will not come', difficulty: 'medium', faults: [{ name: 'image-unavailable' }], image: 'fresh',
    symptom: 'server lab-vm is in ERROR; other servers from cached images boot fine', answer: 'image-unavailable',
    hints: [TRACE_HINT, 'Which stage failed on each host?', 'What did the image service answer?'],
    proof: {
      pattern: 'HTTPServiceUnavailable|Failed to retrieve image data', host: 'compute',
      explain: 'Each compute host tried to download the image into its _base cache and glance answered 503: its store was unavailable (\'Failed to retrieve image data\' in glance-api.log). Cached images still boot, which is why other servers were fine.',
      fix: 'Repair glance\'s store backend (glance-api.log, the store\'s health: file system, ceph, swift), then check the image (openstack image show) and boot again.',
    },
  },
  {
    id: 'full-disk', title: 'No room at the inn', difficulty: 'easy', faults: [{ name: 'disk-full' }],
    symptom: 'server lab-vm is in ERROR after being tried on several hosts', answer: 'disk-full',
    hints: [TRACE_HINT, 'Look at the exception on the compute host: which resource ran out?'],
    proof: {
      pattern: 'No space left on device|Errno 28', services: ['compute'], host: 'compute',
      explain: 'Fetching the image into /var/lib/nova/instances/_base failed with OSError [Errno 28] No space left on device on each host the build was sent to, until the retries ran out.',
      fix: 'On the compute hosts: df -h /var/lib/nova/instances; remove unused base images (image cache manager: remove_unused_base_images), grow the file system, or lower disk_allocation_ratio so placement stops overcommitting disk.',
    },
  },
  {
    id: 'deaf-scheduler', title: 'Nobody answers', difficulty: 'hard', faults: [{ name: 'rpc-timeout' }],
    symptom: 'server lab-vm is in ERROR; no compute host ever heard of it', answer: 'rpc-timeout',
    hints: [TRACE_HINT, 'The last service that logged for this request is the conductor. What was it waiting for?'],
    proof: {
      pattern: 'MessagingTimeout|Timed out waiting for a reply',
      explain: 'The conductor called the scheduler over RPC (select_destinations) and got no reply within rpc_response_timeout: \'MessagingTimeout: Timed out waiting for a reply\'. No compute host was ever chosen.',
      fix: 'Find why nova-scheduler does not answer: openstack compute service list, nova-scheduler\'s log at that time (stuck, crashed, overloaded), the message bus (queues without consumers); restart the scheduler once the cause is found.',
    },
  },
  {
    id: 'dead-computes', title: 'Hosts that stopped reporting', difficulty: 'medium', faults: [{ name: 'compute-down' }],
    symptom: 'server lab-vm is in ERROR; `openstack hypervisor list` still shows the hosts', answer: 'compute-down',
    hints: [TRACE_HINT, 'Which filter removed the hosts?', '`openstack compute service list`'],
    proof: {
      pattern: 'ComputeFilter returned 0 hosts|ComputeFilter: \\(start: \\d+, end: 0\\)|\\(\'ComputeFilter\', None\\)', services: ['scheduler'],
      explain: 'The scheduler\'s ComputeFilter removed every host: their nova-compute services had stopped sending heartbeats for longer than service_down_time, so they count as down although the hypervisors are still listed.',
      fix: 'openstack compute service list shows them down: on each compute host restart nova-compute and check its connection to the message bus and the database (via the conductor); once the heartbeats are back, boot again.',
    },
  },
  {
    id: 'spread-out', title: 'One more than the rule allows', difficulty: 'medium', faults: [], setup: 'full-anti-affinity-group',
    symptom: 'server lab-vm, in server group lab-group like lab-vm-a and lab-vm-b, is in ERROR; those two are ACTIVE', answer: 'anti-affinity',
    hints: [TRACE_HINT, 'Which filter removed the hosts, and what does it enforce?', '`openstack server group show lab-group`'],
    proof: {
      pattern: 'ServerGroupAntiAffinityFilter|Group anti-affinity', services: ['scheduler'],
      explain: 'ServerGroupAntiAffinityFilter removed the last hosts: the server group\'s anti-affinity policy allows one member per host, and lab-vm-a and lab-vm-b already sit on both hosts.',
      fix: 'Add a compute host, use a soft-anti-affinity group (a preference, not a rule), or boot the server outside the group.',
    },
  },
  {
    id: 'quota', title: 'Refused at the door', difficulty: 'easy', faults: [], setup: 'no-quota',
    symptom: 'openstack server create lab-vm fails at once with an error', answer: 'quota-exceeded',
    hints: ['The API answered with an error: its request id is in `openstack --debug server create …`. Trace it.', '`openstack quota show`'],
    proof: {
      pattern: 'Quota exceeded', services: ['api'],
      explain: 'The API refused the boot before anything was scheduled: \'Quota exceeded for instances: Requested 1, but already used 0 of 0 instances\' — the project\'s instance quota is 0.',
      fix: 'openstack quota show: raise the quota (openstack quota set --instances N <project>) or delete servers the project no longer needs.',
    },
  },
  {
    id: 'skewed', title: 'A timeline that makes no sense', difficulty: 'hard', faults: [{ name: 'clock-skew', host: 'cmp1', seconds: 9 }, { name: 'clock-skew', host: 'cmp2', seconds: 9 }],
    symptom: 'server lab-vm is ACTIVE, but the compute logs say it was built before it was scheduled', answer: 'clock-skew',
    hints: [TRACE_HINT, 'Read the notes under the trace: what did nova-trace correct?'],
    proof: {
      pattern: '.', services: ['compute'], host: 'compute',
      explain: 'Every line the compute host wrote for this boot is stamped about 9 s later than the controller\'s lines about the same moments: neutron-server answered compute\'s port update (PUT /v2.0/ports/…) 9 s before compute logged the answer, a call that takes milliseconds. The boot itself was fine; nova-trace measured the offset from such pairs and corrected the timeline.',
      fix: 'Fix time on the compute hosts: chrony/ntpd running and synchronised (chronyc tracking, timedatectl), the same time sources as the controllers; skewed clocks also break token validity and service heartbeats.',
    },
  },
  {
    id: 'old-cpu', title: 'A guest the hosts cannot run', difficulty: 'medium', faults: [{ name: 'cpu-model' }],
    symptom: 'server lab-vm is in ERROR after a few seconds; other flavors and images boot fine', answer: 'cpu-model',
    hints: [TRACE_HINT, 'The scheduler found hosts and each one gave the server back. What did libvirt answer when the guest started?', 'Compare the CPU the guest asks for with the hosts\' CPUs (virsh capabilities).'],
    proof: {
      pattern: 'CPU is incompatible with host CPU|does not provide required features', services: ['compute'], host: 'compute',
      explain: 'Each host defined the guest and libvirt refused to start it: \'the CPU is incompatible with host CPU: Host CPU does not provide required features: avx512f\'. A spawn error is rescheduled, so the other host tried and failed the same way until no alternate was left.',
      fix: 'Ask only for what the hosts have: [libvirt] cpu_mode/cpu_models/cpu_model_extra_flags on the computes, the image\'s hw_cpu_* properties or the flavor\'s CPU traits (trait:HW_CPU_X86_AVX512F=required lets placement pick hosts that have it).',
    },
  },
  {
    id: 'no-address', title: 'Full house on the network', difficulty: 'medium', faults: [{ name: 'ip-exhausted' }],
    symptom: 'server lab-vm is in ERROR within seconds; it was not tried on another host', answer: 'ip-exhausted',
    hints: [TRACE_HINT, 'The network setup failed in the background before the image was even fetched: what did neutron answer?', '`openstack port list --network private`, `openstack subnet show private-subnet`'],
    proof: {
      pattern: 'No more fixed IPs|IpAddressGenerationFailure|No fixed IP addresses available', services: ['compute'], host: 'compute',
      explain: 'neutron answered the port creation with IpAddressGenerationFailure (\'No more IP addresses available on network …\'); Nova turned it into NoMoreFixedIps, warned \'No more fixed IP to be allocated\' and aborted the build: another host would not have an address either.',
      fix: 'Free addresses (delete stale ports: openstack port list --device-owner compute:nova with no server), enlarge the subnet\'s allocation pool, or add a subnet to the network.',
    },
  },
  {
    id: 'firewalled', title: 'The computes cannot see the network service', difficulty: 'medium', faults: [{ name: 'neutron-unreachable' }],
    symptom: 'server lab-vm is in ERROR after a few seconds; `openstack network list` works fine from your desk', answer: 'neutron-unreachable',
    hints: [TRACE_HINT, 'Look for the first ERROR on the compute host: which call failed, and to where?', 'From the compute host: curl the neutron endpoint in the [neutron] section.'],
    proof: {
      pattern: 'Connection to neutron failed|Unable to establish connection|ConnectionFailed', services: ['compute'], host: 'compute',
      explain: 'nova-compute could not open a connection to neutron (\'Connection to neutron failed: Unable to establish connection to …/v2.0/ports … Connection refused\') while creating the port. The error surfaced at spawn, was rescheduled, and the other host could not reach neutron either.',
      fix: 'Check the path from the compute hosts to neutron: the [neutron] endpoint/region in nova.conf, the catalog\'s internal endpoint, firewalls and haproxy between them; then boot again.',
    },
  },
  {
    id: 'big-image', title: 'The new image will not boot', difficulty: 'easy', faults: [{ name: 'image-too-big' }], image: 'fresh',
    symptom: 'server lab-vm (m1.tiny, from a newly uploaded image) is in ERROR; cirros boots fine with the same flavor', answer: 'image-too-big',
    hints: [TRACE_HINT, 'The image was downloaded. What did compute find when it looked at it?', '`openstack image show <image>` and `openstack flavor show m1.tiny`: compare the disk sizes.'],
    proof: {
      pattern: 'larger than flavor root disk|FlavorDiskSmallerThanImage|disk is too small for requested image', services: ['compute'], host: 'compute',
      explain: 'After the download, qemu-img info showed a 20 GiB virtual disk while m1.tiny\'s root disk is 1 GB: \'virtual size … larger than flavor root disk size …\', FlavorDiskSmallerThanImage, and the build was aborted (another host would not help). The API could not refuse it up front: the image\'s file is small and its min_disk is not set.',
      fix: 'Boot with a flavor whose disk holds the image\'s virtual size, and set the image\'s min_disk (openstack image set --min-disk 20 <image>) so the API refuses too-small flavors at once.',
    },
  },
  {
    id: 'bad-volume', title: 'The disk that never came', difficulty: 'medium', faults: [{ name: 'volume-boot-failure', mode: 'error' }], bootFrom: 'volume',
    symptom: 'server lab-vm (booted from a new 1 GB volume made from cirros) is in ERROR; servers booted from the image directly are fine', answer: 'volume-boot-failure',
    hints: [TRACE_HINT, 'The host was chosen and the network allocated. What did compute wait for next?', '`openstack volume list`: what state is the new volume in? Then cinder-volume.log.'],
    proof: {
      pattern: 'failed block device setup|did not finish being created|VolumeNotCreated', services: ['compute'], host: 'compute',
      explain: 'Compute asked cinder for the root volume and polled it: \'Volume id: … finished being created but its status is error\', then \'Instance failed block device setup\' with VolumeNotCreated (\'… did not finish being created even after we waited … And its status is error.\'); the build was aborted, not rescheduled: another host would get the same volume. cinder-volume.log shows \'Volume …: create failed\'.',
      fix: 'Look at cinder-volume\'s log and its backend (space, the image copy) and fix it, then boot again; a slow backend that leaves volumes in creating needs a larger [DEFAULT] block_device_allocate_retries on the computes.',
    },
  },
  {
    id: 'new-host', title: 'The host nobody introduced', difficulty: 'hard', faults: [{ name: 'cell-unmapped', host: 'cmp1' }, { name: 'cell-unmapped', host: 'cmp2' }],
    symptom: 'server lab-vm is in ERROR at once; the compute services are up and `openstack hypervisor list` shows room', answer: 'cell-unmapped',
    hints: [TRACE_HINT, 'The scheduler chose a host. What did the conductor do with that choice?', '`nova-manage cell_v2 list_hosts` (here: nova-stack discover-hosts --verbose fixes it).'],
    proof: {
      pattern: 'No host-to-cell mapping found|is not mapped to any cell', services: ['conductor'],
      explain: 'The conductor looked up the cell of the chosen host and found none: \'No host-to-cell mapping found for selected host … Setup is incomplete.\' The compute was never discovered into a cell, so the instance was buried in cell0 in ERROR without reaching the host.',
      fix: 'Map the hosts: nova-manage cell_v2 discover_hosts --verbose (nova-stack discover-hosts --verbose here), or set [scheduler] discover_hosts_in_cells_interval so new computes are mapped by themselves.',
    },
  },
  {
    id: 'silent-bus', title: 'Stuck in BUILD, then nothing', difficulty: 'hard', faults: [{ name: 'bus-down' }],
    symptom: 'server lab-vm stayed in BUILD for a while and went to ERROR; no compute host ever heard of it', answer: 'bus-down',
    hints: [TRACE_HINT, 'The conductor waited for the scheduler and timed out. Was the scheduler slow, or did the message never leave?', 'Read the conductor\'s ERROR lines before the timeout.'],
    proof: {
      pattern: 'is unreachable.*Trying again', services: ['conductor'],
      explain: 'The conductor\'s transport could not deliver select_destinations: \'ZeroMQ server on … is unreachable … Trying again in N seconds\', until rpc_response_timeout ended the call with MessagingTimeout. The scheduler itself never got the message; a plain rpc-timeout would show no transport errors.',
      fix: 'Repair the message bus between the services (the broker or the ZeroMQ endpoints, transport_url, the network to them), then boot again; services reconnect by themselves.',
    },
  },
  {
    id: 'no-huge-pages', title: 'The fast flavor finds no host', difficulty: 'medium', faults: [{ name: 'numa-misfit' }], setup: 'huge-pages-flavor',
    symptom: 'server lab-vm (flavor lab.hugepages, for the packet-processing team) is in ERROR right after the boot; m1.tiny still boots, and the hosts have plenty of free memory', answer: 'numa-misfit',
    hints: [TRACE_HINT, 'Placement found hosts. Which scheduler filter removed them, and what does it check?', '`openstack flavor show lab.hugepages`: what does its properties field ask for? Then the hosts\' huge pages (grep Huge /proc/meminfo).'],
    proof: {
      pattern: 'NUMATopologyFilter|fails NUMA topology requirements|requested memory pagesize', services: ['scheduler'],
      explain: 'Placement offered both hosts (it does not count huge pages); then NUMATopologyFilter removed them: the flavor asks for large pages (hw:mem_page_size=large) and neither host\'s NUMA cells had free 2 MiB pages (\'fails NUMA topology requirements. The instance does not fit on this host.\' at DEBUG, \'Filtering removed all hosts…NUMATopologyFilter: (start: 2, end: 0)\' at INFO). The hosts came up without their huge pages.',
      fix: 'Give the hosts their huge pages back (hugepagesz=2M hugepages=N on the kernel command line or vm.nr_hugepages, then restart nova-compute so it reports them), or boot without hw:mem_page_size; [DEFAULT] reserved_huge_pages must leave pages for guests.',
    },
  },
  {
    id: 'slow-start', title: 'Refused on the way in', difficulty: 'hard', faults: [{ name: 'token-expired', count: 1 }], image: 'fresh',
    symptom: 'server lab-vm, from a large newly uploaded image, is in ERROR; the user could see and use the image, and the same boot from cirros works', answer: 'token-expired',
    hints: [TRACE_HINT, 'Both hosts failed at the same step. Which service refused compute, and with which HTTP status?', 'Whose token did compute show glance? Look at [service_user] in nova.conf.'],
    proof: {
      pattern: 'HTTPUnauthorized|ImageNotAuthorized|requires authentication', services: ['compute'], host: 'compute',
      explain: 'When compute asked glance for the image data, glance answered 401 (glanceclient.exc.HTTPUnauthorized: \'The request you have made requires authentication\'), which Nova reports as ImageNotAuthorized. Compute calls glance with the user\'s own token, and by then that token had expired; the reschedule to the other host carried the same expired token and failed the same way.',
      fix: 'Send service tokens: [service_user] send_service_user_token = true with a service user in nova.conf on the computes (and [keystone_authtoken] service_token_roles_required in glance), so expired user tokens are accepted alongside a valid service token; or raise keystone\'s [token] expiration above the longest build.',
    },
  },
  {
    id: 'ghost-servers', title: 'Room on every host, yet no host', difficulty: 'hard', faults: [{ name: 'placement-drift' }],
    symptom: 'server lab-vm (m1.tiny) is in ERROR right after the boot, yet `openstack hypervisor list --long` shows both hosts nearly empty', answer: 'placement-drift',
    hints: [TRACE_HINT, 'Who decided there was no room: the hosts, or placement? Compare the hosts\' Final resource view with what placement says.', '`openstack resource provider usage show <rp>` and `openstack resource provider allocation show <consumer>`; the compute logs\' INFO lines from the resource audit.'],
    proof: {
      pattern: 'Got no allocation candidates|GET /placement/allocation_candidates',
      explain: 'Placement answered the scheduler\'s query with no candidate although the hosts report free memory: placement\'s usages hold allocations of consumers that are no servers any more (the resource audit says \'has allocations against this compute host but is not found in the database\' for each). Nova and placement disagree; placement decides.',
      fix: 'Find the stale consumers (openstack resource provider show <rp> --allocations; nova-manage placement audit --verbose) and delete them (nova-manage placement audit --delete, or openstack resource provider allocation delete <consumer>); check reserved and allocation ratios the same way (openstack resource provider inventory list <rp>).',
    },
  },
  {
    id: 'stuck-at-home', title: 'The live migration that went nowhere', difficulty: 'medium', faults: [{ name: 'live-migration-failure' }], move: 'live-migrate',
    symptom: '`openstack server migrate --live-migration --block-migration lab-vm` was accepted, lab-vm was MIGRATING for a moment, and now it is ACTIVE on the host it started on',
    answer: 'live-migration-failed',
    hints: [moveHint('live migration'), 'The destination was prepared (pre_live_migration). Which host logged the failure, and what was it trying to reach?', '`openstack server migration list --server lab-vm`: what state did the migration end in?'],
    proof: {
      pattern: 'Live Migration failure|Migration operation has aborted', services: ['compute'], host: 'compute',
      explain: 'The source host\'s libvirt could not open the migration connection to the destination\'s libvirtd (\'Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tcp://<dest>/system: unable to connect to server at \'<dest>:16509\': Connection refused\'), the migration monitor logged \'Migration operation has aborted\' and Nova rolled back: the allocation swapped back from the migration, the ports bound to the source again, the destination told to forget the server; the migration ended failed and the guest never left the source.',
      fix: 'Make the destination\'s libvirtd reachable from the source on the migration URI: libvirtd listening (libvirtd-tcp.socket or --listen, or TLS on 16514 with live_migration_with_native_tls), the firewall open between the hosts, [libvirt] live_migration_scheme / live_migration_inbound_addr pointing at the right address; test with virsh -c qemu+tcp://<dest>/system list from the source, then migrate again.',
    },
  },
  {
    id: 'no-way-across', title: 'The resize that changed nothing', difficulty: 'medium', faults: [{ name: 'resize-failure' }], move: 'resize',
    symptom: '`openstack server resize --flavor m1.small lab-vm` was accepted, but lab-vm is ACTIVE again with its old flavor m1.tiny, and the user\'s ticket says "resize does nothing"',
    answer: 'resize-failed',
    hints: [moveHint('resize'), 'The destination claimed the new flavor (prep_resize). What did the source try to do before it powered the guest off?', '`openstack server migration list --server lab-vm` and `openstack server event show lab-vm <request id>`.'],
    proof: {
      pattern: 'Resize error|ResizeError|not able to execute ssh', services: ['compute'], host: 'compute',
      explain: 'The source\'s migrate_disk_and_power_off first makes the instance directory on the destination over ssh; ssh as the nova user failed (exit 255, \'ssh: connect to host <dest> port 22: Connection refused\'), the driver raised ResizeError wrapped in InstanceFaultRollback, and Nova set the server back to active on the source (\'Setting instance back to active after: Instance rollback performed due to: Resize error: not able to execute ssh command: …\'), the migration to error, the allocation back to the old flavor on the source; the guest was never powered off.',
      fix: 'Let the compute hosts\' nova users ssh to each other without a password: the nova user\'s key in the other hosts\' authorized_keys, their host keys in known_hosts, a login shell for nova, sshd running and reachable; test with sudo -u nova ssh <dest> true on the source, then resize again.',
    },
  },
  {
    id: 'two-at-once', title: 'One host full, the other broken', difficulty: 'hard', faults: [{ name: 'hosts-full', host: 'cmp1' }, { name: 'cpu-model', host: 'cmp2' }],
    symptom: 'server lab-vm is in ERROR after one attempt; there are two hosts, why was only one tried?', answer: 'cpu-model',
    hints: [TRACE_HINT, 'How many hosts did placement offer, and what happened on the one that was chosen?', 'Two causes: one decided where the boot went, the other ended it. Name the one that ended it.'],
    proof: {
      pattern: 'CPU is incompatible with host CPU|does not provide required features', services: ['compute'], host: 'compute',
      explain: 'cmp1 had no room (its memory reported used), so placement offered only cmp2 and there was no alternate; on cmp2 libvirt refused the guest\'s CPU (\'Host CPU does not provide required features\'), which ended the boot. Fixing either would have let this boot through; both are real problems.',
      fix: 'Fix the guest CPU request (or the host\'s CPU configuration) on cmp2, and find what holds cmp1\'s memory (openstack hypervisor list --long).',
    },
  },
  {
    id: 'bad-image-day', title: 'Two things wrong with one boot', difficulty: 'hard', faults: [{ name: 'ip-exhausted' }, { name: 'image-too-big' }], image: 'fresh',
    symptom: 'server lab-vm, from a new image, is in ERROR; the network team says the network is "nearly full"', answer: 'image-too-big',
    hints: [TRACE_HINT, 'There are two errors on the compute host. Which one ended the build, and which one would have ended it next?', 'Name the cause the build was aborted for.'],
    proof: {
      pattern: 'larger than flavor root disk|FlavorDiskSmallerThanImage|disk is too small for requested image', services: ['compute'], host: 'compute',
      explain: 'The port creation failed in the background (No more fixed IPs), but before the guest needed its network the image check failed: a 20 GiB virtual disk on a 1 GB flavor, FlavorDiskSmallerThanImage, build aborted. Once the image is fixed, the full network will fail the next boot.',
      fix: 'A flavor large enough for the image (and min_disk on the image), and addresses on the network: both, or the next boot fails on the other one.',
    },
  },
  {
    id: 'legacy-kvm', title: 'An older cloud refuses the guest', difficulty: 'medium', faults: [{ name: 'hypervisor-permission' }], release: 'legacy',
    symptom: 'on the old (pre-Victoria) cloud, server lab-vm is in ERROR with "No valid host was found"', answer: 'hypervisor-permission',
    hints: [TRACE_HINT, 'No valid host — but the scheduler had hosts at first. Which filter removed the last ones, and why were they tried before?', 'RetryFilter removes hosts already tried: what happened on them?'],
    proof: {
      pattern: 'Permission denied|Could not access KVM', services: ['compute'], host: 'compute',
      explain: 'On a pre-Victoria cloud a failed spawn goes back to the scheduler, whose RetryFilter skips the hosts already tried; when every host failed (\'Could not access KVM kernel module: Permission denied\') RetryFilter leaves none and the user sees NoValidHost. The real cause is on the compute hosts.',
      fix: 'On the compute hosts: /dev/kvm permissions (group kvm, 0660), the qemu user in group kvm, the kvm module loaded; then restart libvirtd.',
    },
  },
];

export function labById(id: string): Lab | undefined {
  return LABS.find((l) => l.id === id);
}

const RANK = { easy: 0, medium: 1, hard: 2 } as const;

/** The labs as `nova-lab list` numbers them: easy to hard, catalogue order within a level. */
export const ORDERED_LABS: readonly Lab[] = [...LABS].sort((a, b) => RANK[a.difficulty] - RANK[b.difficulty]);

export type LabRef = { lab: Lab; number: number } | { error: string };

/** A lab by id or by its number in `nova-lab list`. */
export function labByRef(ref: string): LabRef {
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    const lab = ORDERED_LABS[n - 1];
    return lab ? { lab, number: n } : { error: `there is no lab ${ref} (1–${ORDERED_LABS.length})` };
  }
  const i = ORDERED_LABS.findIndex((l) => l.id === ref);
  return i >= 0 ? { lab: ORDERED_LABS[i], number: i + 1 } : { error: `there is no lab '${ref}' (nova-lab list shows them, 1–${ORDERED_LABS.length})` };
}

/** A cause by name or by its number in the choices `start` prints. */
export function causeByRef(ref: string): { cause: string } | { error: string } {
  if (/^\d+$/.test(ref)) {
    const c = CHOICES[Number(ref) - 1];
    return c ? { cause: c } : { error: `there is no choice ${ref} (1–${CHOICES.length})` };
  }
  return (CHOICES as readonly string[]).includes(ref) ? { cause: ref } : { error: `there is no cause '${ref}' among the choices (${CHOICES.join(', ')})` };
}
