// The compute node's `stats` as Nova's resource tracker rebuilds them at every audit
// (nova/compute/stats.py): failed_builds kept across the clearing, then per instance the counts
// by vm state, task state, os type and project, and the I/O workload. ComputeNode.stats holds
// strings, so the values print quoted in the "Final resource view" line.

import type { InstanceRecord } from '../common/objects.js';
import { pyRepr } from '../scheduler/py-repr.js';

/** vm/task states that count as I/O-heavy work (Stats.io_workload). */
const IO_KEYS = ['num_vm_building', 'num_task_resize_migrating', 'num_task_rebuilding', 'num_task_resize_prep',
  'num_task_image_snapshot', 'num_task_image_backup', 'num_task_rescuing', 'num_task_unshelving'];

export function nodeStats(instances: readonly Pick<InstanceRecord, 'vm_state' | 'task_state' | 'project_id'>[], failedBuilds: number): Map<string, number> {
  const stats = new Map<string, number>([['failed_builds', failedBuilds]]);
  const inc = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
  for (const i of instances) {
    inc('num_instances');
    inc(`num_vm_${i.vm_state}`);
    inc(`num_task_${i.task_state ?? 'None'}`);
    inc('num_os_type_None');
    inc(`num_proj_${i.project_id}`);
    stats.set('io_workload', IO_KEYS.reduce((n, k) => n + (stats.get(k) ?? 0), 0));
  }
  return stats;
}

/** str() of the stats dict: {'failed_builds': '0', 'num_instances': '1', …}. */
export function statsRepr(stats: Map<string, number>): string {
  return `{${[...stats].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(String(v))}`).join(', ')}}`;
}
