// The compute node's stats as Nova's resource tracker prints them in "Final resource view".
import { describe, expect, it } from 'vitest';
import { nodeStats, statsRepr } from '../../../stack/compute/node-stats.js';

describe('node stats', () => {
  it('a host without instances has only failed_builds', () => {
    expect(statsRepr(nodeStats([], 0))).toBe("{'failed_builds': '0'}");
  });

  it('counts instances by vm state, task state, os type and project, in Nova\'s key order, with the I/O workload', () => {
    const stats = nodeStats([
      { vm_state: 'active', task_state: null, project_id: 'p1' },
      { vm_state: 'building', task_state: 'spawning', project_id: 'p2' },
      { vm_state: 'active', task_state: null, project_id: 'p1' },
    ], 2);
    expect(statsRepr(stats)).toBe("{'failed_builds': '2', 'num_instances': '3', 'num_vm_active': '2', 'num_task_None': '2', 'num_os_type_None': '3', "
      + "'num_proj_p1': '2', 'io_workload': '1', 'num_vm_building': '1', 'num_task_spawning': '1', 'num_proj_p2': '1'}");
  });
});
