// The training labs, as data: which faults to inject (or what to set up), what the trainee
// sees, the hints, and the answer — the cause id nova-trace reports (core/cause-signatures.ts).

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
  },
  {
    id: 'crowded', title: 'Yesterday it fitted', difficulty: 'medium', faults: [{ name: 'hosts-full' }],
    symptom: 'server lab-vm (m1.tiny, the smallest flavor) is in ERROR right after the boot; yesterday the same boot worked', answer: 'hosts-full',
    hints: [TRACE_HINT, 'Which filter left no host?', "`openstack hypervisor list --long`: how much memory do the hosts say they use, and who uses it?"],
  },
  {
    id: 'nowhere-zone', title: 'A zone nobody asked for', difficulty: 'hard', faults: [{ name: 'az-mismatch' }],
    symptom: 'every new server goes to ERROR at once, although no one asks for an availability zone', answer: 'az-mismatch',
    hints: [TRACE_HINT, 'Which filter removed the hosts? Read its DEBUG lines in nova-scheduler.log: which zone was requested?', '`openstack server show lab-vm`: OS-EXT-AZ:availability_zone — where did that come from?'],
  },
  {
    id: 'kvm', title: 'Every host refuses to start the guest', difficulty: 'medium', faults: [{ name: 'hypervisor-permission' }],
    symptom: 'server lab-vm is in ERROR after a few seconds; it tried more than one host', answer: 'hypervisor-permission',
    hints: [TRACE_HINT, 'The scheduler found hosts. Look at the attempts: why did each host give the server back?', 'Read the last line of the traceback on the last host.'],
  },
  {
    id: 'binding', title: 'A port that never gets bound', difficulty: 'medium', faults: [{ name: 'port-binding-failed' }],
    symptom: 'server lab-vm is in ERROR; it was not rescheduled', answer: 'port-binding-failed',
    hints: [TRACE_HINT, 'Which stage failed, and which service does that stage talk to?', 'neutron-server.log has its side of the story.'],
  },
  {
    id: 'silent-agent', title: 'Boot takes forever, then fails', difficulty: 'hard', faults: [{ name: 'vif-plug-timeout' }],
    symptom: 'server lab-vm stays in BUILD for a long time and ends in ERROR', answer: 'vif-plug-timeout',
    hints: [TRACE_HINT, 'The guest was defined. What was compute waiting for before resuming it?', 'Look for a WARNING from nova.virt.libvirt.driver just before the failure.'],
  },
  {
    id: 'glance', title: 'The image will not come', difficulty: 'medium', faults: [{ name: 'image-unavailable' }],
    symptom: 'server lab-vm is in ERROR; other servers from cached images boot fine', answer: 'image-unavailable',
    hints: [TRACE_HINT, 'Which stage failed on each host?', 'What did the image service answer?'],
  },
  {
    id: 'full-disk', title: 'No room at the inn', difficulty: 'easy', faults: [{ name: 'disk-full' }],
    symptom: 'server lab-vm is in ERROR after being tried on several hosts', answer: 'disk-full',
    hints: [TRACE_HINT, 'Look at the exception on the compute host: which resource ran out?'],
  },
  {
    id: 'deaf-scheduler', title: 'Nobody answers', difficulty: 'hard', faults: [{ name: 'rpc-timeout' }],
    symptom: 'server lab-vm is in ERROR; no compute host ever heard of it', answer: 'rpc-timeout',
    hints: [TRACE_HINT, 'The last service that logged for this request is the conductor. What was it waiting for?'],
  },
  {
    id: 'dead-computes', title: 'Hosts that stopped reporting', difficulty: 'medium', faults: [{ name: 'compute-down' }],
    symptom: 'server lab-vm is in ERROR; `openstack hypervisor list` still shows the hosts', answer: 'compute-down',
    hints: [TRACE_HINT, 'Which filter removed the hosts?', '`openstack compute service list`'],
  },
  {
    id: 'spread-out', title: 'One more than the rule allows', difficulty: 'medium', faults: [], setup: 'full-anti-affinity-group',
    symptom: 'server lab-vm, in server group lab-group like lab-vm-a and lab-vm-b, is in ERROR; those two are ACTIVE', answer: 'anti-affinity',
    hints: [TRACE_HINT, 'Which filter removed the hosts, and what does it enforce?', '`openstack server group show lab-group`'],
  },
  {
    id: 'quota', title: 'Refused at the door', difficulty: 'easy', faults: [], setup: 'no-quota',
    symptom: 'openstack server create lab-vm fails at once with an error', answer: 'quota-exceeded',
    hints: ['The API answered with an error: its request id is in `openstack --debug server create …`. Trace it.', '`openstack quota show`'],
  },
  {
    id: 'skewed', title: 'A timeline that makes no sense', difficulty: 'hard', faults: [{ name: 'clock-skew', host: 'cmp1', seconds: 9 }, { name: 'clock-skew', host: 'cmp2', seconds: 9 }],
    symptom: 'server lab-vm is ACTIVE, but the compute logs say it was built before it was scheduled', answer: 'clock-skew',
    hints: [TRACE_HINT, 'Read the notes under the trace: what did nova-trace correct?'],
  },
];

export function labById(id: string): Lab | undefined {
  return LABS.find((l) => l.id === id);
}
