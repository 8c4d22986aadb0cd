// The scheduler service end to end: a real RPC server and client over ZeroMQ, a temp nova
// database with compute nodes and services, and a real placement service holding the hosts'
// inventories. Checks the Selection, the allocation it leaves, NoValidHost with its filter
// lines, retries, anti-affinity, and that every line carries the caller's request id.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../../stack/common/objects.js';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import type { RunningService } from '../../../stack/common/service-env.js';
import { rpcEndpoint } from '../../../stack/common/stack-config.js';
import { openDb, type Db } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import { PlacementClient } from '../../../stack/placement/placement-client.js';
import { ExpectedError } from '../../../stack/rpc/messaging-errors.js';
import { RpcClient } from '../../../stack/rpc/rpc-client.js';
import { SchedulerAPI } from '../../../stack/scheduler/rpcapi.js';
import { startSchedulerService } from '../../../stack/scheduler/scheduler-service.js';
import { startPlacement, type Placement } from '../placement/placement-harness.js';
import { flavor, spec } from './fixtures.js';
import { addComputeNode, addInstance, addServerGroup } from './nova-db.js';

const RP = { cmp1: 'aaaaaaaa-0000-4000-8000-000000000001', cmp2: 'aaaaaaaa-0000-4000-8000-000000000002' } as const;

let placement: Placement;
let scheduler: RunningService;
let rpc: RpcClient;
let api: SchedulerAPI;
let db: Db;
let logFile: string;
let schedulerLog: OsloLogger;

beforeAll(async () => {
  placement = await startPlacement('nova-scheduler-e2e-');
  const { cfg } = placement;
  db = openDb(cfg.db, NOVA_SCHEMA);
  addComputeNode(db, { host: 'cmp1', uuid: RP.cmp1, vcpus: 8, memory_mb: 8192, local_gb: 40, ram_allocation_ratio: 1.0 });
  addComputeNode(db, { host: 'cmp2', uuid: RP.cmp2, vcpus: 8, memory_mb: 4096, local_gb: 40, ram_allocation_ratio: 1.0 });
  // What each compute's resource tracker reports at start.
  const reporter = new PlacementClient(placement.base, cfg.serviceToken);
  const ratios = { cpu: 16.0, ram: 1.0, disk: 1.0 };
  await reporter.report(null, 'cmp1', RP.cmp1, { vcpus: 8, memory_mb: 8192, local_gb: 40 }, ratios);
  await reporter.report(null, 'cmp2', RP.cmp2, { vcpus: 8, memory_mb: 4096, local_gb: 40 }, ratios);

  logFile = path.join(placement.dir, 'nova-scheduler.log');
  schedulerLog = new OsloLogger('root', new FileSink(logFile));
  rpc = new RpcClient((t) => [rpcEndpoint(cfg, t)], 10_000);
  scheduler = await startSchedulerService({ cfg, log: schedulerLog, rpc, host: null });
  api = new SchedulerAPI(rpc);
});

afterAll(async () => {
  await scheduler?.close();
  rpc?.close();
  db?.close();
  await placement?.close();
});

function request(overrides: Partial<RequestSpec> = {}) {
  const ctx = userContext('u1', 'p1', ['member']);
  const s = spec({ instance_uuid: randomUUID(), ...overrides });
  return { ctx, s };
}

/** The scheduler log lines of one request, without timestamp and pid. */
function linesOf(requestId: string): string[] {
  schedulerLog.flush();
  return fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes(` ${requestId} `)).map((l) => l.split(' ').slice(3).join(' '));
}

describe('scheduler service over RPC', () => {
  it('places a fitting request on the best host and leaves its allocation in placement', async () => {
    const { ctx, s } = request();
    const [selection] = await api.selectDestinations(ctx, s);
    expect(selection).toEqual({ host: 'cmp1', nodename: 'cmp1', limits: { memory_mb: 8192, vcpus: 128, disk_gb: 40 } });

    const alloc = await placement.call('GET', `/allocations/${s.instance_uuid}`, undefined, { version: '1.28' });
    expect(alloc.body).toMatchObject({
      allocations: { [RP.cmp1]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } }, project_id: 'p1', user_id: 'u1', consumer_generation: 1,
    });

    const lines = linesOf(ctx.requestId);
    const messages = lines.map((l) => l.replace(/^\S+ \S+ \[[^\]]*\] /, ''));
    const expected = [
      /^\S+ nova\.scheduler\.manager .*Starting to schedule for instances: \['[0-9a-f-]{36}'\] select_destinations /,
      /^DEBUG nova\.filters .*Starting with 2 host\(s\) get_filtered_objects/,
      /^DEBUG nova\.filters .*Filter RetryFilter returned 2 host\(s\)/,
      /^DEBUG nova\.filters .*Filter DiskFilter returned 2 host\(s\)/,
      /^DEBUG nova\.scheduler\.filter_scheduler .*Weighed \[WeighedHost \[host: \(cmp1, cmp1\) ram: 8192MB disk: 40960MB io_ops: 0 instances: 0, weight: 3\.0\], WeighedHost \[host: \(cmp2, cmp2\) ram: 4096MB .*, weight: 2\.5\]\] _get_sorted_hosts/,
      /^DEBUG nova\.scheduler\.filter_scheduler .*Attempting to claim resources in the placement API for instance [0-9a-f-]{36} _claim_resources/,
      /^DEBUG nova\.scheduler\.filter_scheduler .*\[instance: [0-9a-f-]{36}\] Selected host: \(cmp1, cmp1\) ram: 8192MB disk: 40960MB io_ops: 0 instances: 0 _consume_selected_host/,
    ];
    let at = 0;
    for (const re of expected) {
      const found = lines.findIndex((l, i) => i >= at && re.test(l));
      expect(found, `${re} after line ${at} in\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    for (const l of lines) expect(l).toContain(`[None ${ctx.requestId} u1 p1 - - default default]`);
    expect(messages.length).toBe(lines.length);

    // Placement's own log shows the scheduler's request id on the candidate query and the claim.
    const placementLines = placement.logLines().filter((l) => l.includes(ctx.requestId));
    expect(placementLines.some((l) => /INFO placement\.requestlog .*"GET \/placement\/allocation_candidates\?limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1" status: 200 len: \d+ microversion: 1\.29$/.test(l))).toBe(true);
    expect(placementLines.some((l) => l.endsWith(`"PUT /placement/allocations/${s.instance_uuid}" status: 204 len: 0 microversion: 1.28`))).toBe(true);
  });

  it('answers an oversized flavor with NoValidHost as soon as placement has no candidate (Pike: noted at DEBUG, no filter runs)', async () => {
    const { ctx, s } = request({ flavor: flavor({ memory_mb: 16384 }) });
    const err = await api.selectDestinations(ctx, s).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ExpectedError);
    expect(err).toMatchObject({ excClass: 'NoValidHost', message: 'No valid host was found. ' });
    const lines = linesOf(ctx.requestId);
    expect(lines.at(-1)).toMatch(/^DEBUG nova\.scheduler\.manager .*Got no allocation candidates from the Placement API\. This may be a temporary occurrence as compute nodes start up and begin reporting inventory to the Placement service\. select_destinations /);
    expect(lines.some((l) => / nova\.filters | nova\.scheduler\.filters\./.test(l))).toBe(false);
    expect((await placement.call('GET', `/allocations/${s.instance_uuid}`)).body).toEqual({ allocations: {} });
  });

  it('skips the hosts in the retry list', async () => {
    const { ctx, s } = request({ retry: { num_attempts: 2, hosts: ['cmp1'] } });
    expect(await api.selectDestinations(ctx, s)).toMatchObject([{ host: 'cmp2' }]);
    expect(linesOf(ctx.requestId)).toContainEqual(expect.stringMatching(/^INFO nova\.scheduler\.filters\.retry_filter .*Host \['cmp1', 'cmp1'\] fails\.  Previously tried hosts: \[\['cmp1', 'cmp1'\]\]$/));
  });

  it('keeps anti-affinity group members apart', async () => {
    const member = randomUUID();
    addInstance(db, member, 'cmp1');
    const { ctx, s } = request();
    addServerGroup(db, 'group-1', 'anti-affinity', [member, s.instance_uuid]);
    s.scheduler_hints = { group: 'group-1' };
    expect(await api.selectDestinations(ctx, s)).toMatchObject([{ host: 'cmp2' }]);
    const lines = linesOf(ctx.requestId);
    expect(lines).toContainEqual(expect.stringMatching(/^DEBUG nova\.scheduler\.filters\.affinity_filter .*Group anti-affinity: check if the number of servers from group group-1 on host cmp1 is less than 1\. host_passes/));
    expect(lines).toContainEqual(expect.stringMatching(/Filter ServerGroupAntiAffinityFilter returned 1 host\(s\)/));
  });

  it('leaves out a host whose provider is full in placement', async () => {
    // Fill cmp1 in placement behind the nova database's back: its compute_nodes row still looks empty.
    const filler = randomUUID();
    const put = await placement.call('PUT', `/allocations/${filler}`, {
      allocations: { [RP.cmp1]: { resources: { MEMORY_MB: 8192 - 512 - 512 } } }, project_id: 'p1', user_id: 'u1', consumer_generation: null,
    });
    expect(put.status).toBe(204);
    const { ctx, s } = request({ flavor: flavor({ memory_mb: 1024 }) });
    expect(await api.selectDestinations(ctx, s)).toMatchObject([{ host: 'cmp2' }]);
    expect(linesOf(ctx.requestId)).toContainEqual(expect.stringMatching(/Starting with 1 host\(s\)/));
    await placement.call('DELETE', `/allocations/${filler}`);
  });
});
