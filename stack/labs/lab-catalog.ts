// The training labs, as data: which faults to inject (or what to set up), what the trainee
// sees, the hints, the answer — the cause id nova-trace reports (core/causes/catalogue.json) —
// and its proof: which lines of the boot show it, what they mean and what the real fix is.

import type { FaultName } from '../faults/fault-catalog.js';

export interface Lab {
  id: string;
  title: string;
  difficulty: 'easy' | 'medium' | 'hard';
  faults: { name: FaultName; host?: string; count?: number; seconds?: number }[];
  /** Extra setup before the boot. */
  setup?: 'huge-flavor' | 'no-quota' | 'full-anti-affinity-group';
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
] as const;

const TRACE_HINT = 'Find the request id of the boot (`openstack server event list lab-vm`) and run `nova-trace <request id>`.';

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
    id: 'glance', title: 'The image will not come', difficulty: 'medium', faults: [{ name: 'image-unavailable' }],
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
      pattern: 'ServerGroupAntiAffinityFilter|Group anti affinity', services: ['scheduler'],
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
