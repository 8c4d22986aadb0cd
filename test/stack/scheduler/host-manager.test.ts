// HostState from the nova database: capacity, service state, zones, instances, groups.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import type { StackConfig } from '../../../stack/common/stack-config.js';
import { openDb } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import { HostManager } from '../../../stack/scheduler/host-manager.js';
import { hostLimits } from '../../../stack/scheduler/host-state.js';
import { MemorySink, spec } from './fixtures.js';
import { addAggregate, addComputeNode, addInstance, addServerGroup } from './nova-db.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-host-manager-'));
const db = openDb(path.join(tmp, 'nova.sqlite'), NOVA_SCHEMA);
afterAll(() => { db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

const stale = new Date(Date.now() - 120_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
addComputeNode(db, { host: 'cmp1', uuid: 'u-1', memory_mb: 8192, memory_mb_used: 1024, local_gb: 40, local_gb_used: 5, vcpus_used: 2, ram_allocation_ratio: 1.5 });
addComputeNode(db, { host: 'cmp2', uuid: 'u-2', disabled: true, disabled_reason: 'maintenance' });
addComputeNode(db, { host: 'cmp3', uuid: 'u-3', last_seen_up: stale });
addComputeNode(db, { host: 'cmp4', uuid: 'u-4', service: false });
addAggregate(db, 'rack1', ['cmp1', 'cmp3'], { availability_zone: 'az1', ssd: 'true' });
addInstance(db, 'i-1', 'cmp1');
addInstance(db, 'i-2', 'cmp1', 'building');
addInstance(db, 'i-3', 'cmp3');
addServerGroup(db, 'g-1', 'anti-affinity', ['i-1', 'i-3', 'new']);

describe('host manager', () => {
  // The host manager reads only the service-down interval from the configuration.
  const cfg = { serviceDownMs: 60_000 } as StackConfig;
  const sink = new MemorySink();
  const hm = new HostManager(db, cfg, new OsloLogger('root', sink));
  const ctx = userContext('u1', 'p1', ['member']);
  const states = hm.hostStates(ctx);

  it('builds one HostState per compute node with a service record', () => {
    expect(states.map((h) => h.host)).toEqual(['cmp1', 'cmp2', 'cmp3']);
    expect(sink.lines.some((l) => l.includes('WARNING nova.scheduler.host_manager') && l.endsWith('No compute service record found for host cmp4'))).toBe(true);
  });

  it('takes capacity and usage from compute_nodes and instances', () => {
    const h = states[0];
    expect(h).toMatchObject({
      uuid: 'u-1', nodename: 'cmp1', totalUsableRamMb: 8192, freeRamMb: 7168, totalUsableDiskGb: 40, freeDiskMb: 35 * 1024,
      vcpusTotal: 8, vcpusUsed: 2, ramAllocationRatio: 1.5, numInstances: 2, numIoOps: 1,
    });
    expect([...h.instances]).toEqual(['i-1', 'i-2']);
    expect(hostLimits(h)).toEqual({ memory_mb: 12288, vcpus: 128, disk_gb: 40 });
  });

  it.each([
    ['cmp1', { disabled: false, disabledReason: null, up: true }],
    ['cmp2', { disabled: true, disabledReason: 'maintenance', up: true }],
    ['cmp3', { disabled: false, disabledReason: null, up: false }],
  ])('%s service state', (name, service) => {
    expect(states.find((h) => h.host === name)!.service).toEqual(service);
  });

  it('attaches aggregates with their metadata', () => {
    expect(states[0].aggregates).toEqual([{ name: 'rack1', metadata: { availability_zone: 'az1', ssd: 'true' } }]);
    expect(states[1].aggregates).toEqual([]);
  });

  it('resolves the server group hint to the hosts of the other members', () => {
    expect(hm.serverGroup(spec({ instance_uuid: 'new', scheduler_hints: { group: 'g-1' } }))).toEqual({
      uuid: 'g-1', policy: 'anti-affinity', members: ['i-1', 'i-3', 'new'], hosts: ['cmp1', 'cmp3'], rules: {},
    });
    expect(hm.serverGroup(spec({ instance_uuid: 'i-1', scheduler_hints: { group: 'g-1' } }))!.hosts).toEqual(['cmp3']);
    expect(hm.serverGroup(spec())).toBeNull();
  });

  it('names tried hosts with their node', () => {
    expect(hm.triedHosts(['cmp2', 'gone'])).toEqual([['cmp2', 'cmp2'], ['gone', 'gone']]);
  });
});
