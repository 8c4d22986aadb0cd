// Microversions 2.33 to 2.36 with the real CLIs on a two-host stack: hypervisor and key pair
// lists paged (2.33, 2.35); a forced live migration to a destination whose CPU cannot take the
// guest answers at once from 2.34 (the refusal only in the instance action and the conductor's
// log), where 2.33 still answers 400; limits without the network quotas from 2.36.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { withFault } from './fault-harness.js';
import { boot, pollStates, show } from './move-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const json = (r: { code: number | null; out: string; err: string }) => { expect(r.code, r.err).toBe(0); return JSON.parse(r.out); };

describe('CLIs at 2.33 to 2.36', () => {
  it('hypervisor list --limit (2.33) and keypair list --limit (2.35) page', async () => {
    expect(json(await osc('2.33', 'hypervisor', 'list', '--limit', '1', '-f', 'json'))).toHaveLength(1);
    expect(json(await osc('2.33', 'hypervisor', 'list', '-f', 'json'))).toHaveLength(2);
    for (const n of ['k1', 'k2']) json(await osc('2.35', 'keypair', 'create', '--private-key', path.join(stack.dir, `${n}.pem`), n, '-f', 'json'));
    // openstacksdk follows keypairs_links: pages of one, the second asked for after k1.
    const paged = await stack.openstack('--debug', '--os-compute-api-version', '2.35', 'keypair', 'list', '--limit', '1', '-f', 'json');
    expect(JSON.parse(paged.out).map((k: { Name: string }) => k.Name)).toEqual(['k1', 'k2']);
    expect(paged.err).toMatch(/GET \/compute\/v2\.1\/os-keypairs\?limit=1&marker=k1 HTTP/);
    expect(json(await osc('2.35', 'keypair', 'list', '--marker', 'k1', '-f', 'json')).map((k: { Name: string }) => k.Name)).toEqual(['k2']);
  }, 90_000);

  it('a forced live migration refused by the destination: 400 at 2.33, 202 at 2.34 with the refusal in the instance action', async () => {
    const s = await boot(stack, 'lm34');
    const src = s['OS-EXT-SRV-ATTR:host']!;
    const dest = src === 'cmp1' ? 'cmp2' : 'cmp1';
    await withFault(stack, ['cpu-model', '--host', dest], async () => {
      const sync = await stack.nova('--os-compute-api-version', '2.33', 'live-migration', '--force', '--block-migrate', 'lm34', dest);
      expect(sync.code).not.toBe(0);
      expect(sync.err).toContain("Unacceptable CPU info: CPU doesn't have compatibility.");
      const r = await stack.nova('--os-compute-api-version', '2.34', 'live-migration', '--force', '--block-migrate', 'lm34', dest);
      expect(r.code, r.err).toBe(0);
      await pollStates(stack, 'lm34', 'ACTIVE', 30_000);
      for (let i = 0; i < 50 && (await show(stack, 'lm34'))['OS-EXT-STS:task_state'] !== null; i++) await new Promise((res) => setTimeout(res, 200));
    });
    expect(await show(stack, 'lm34')).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, 'OS-EXT-SRV-ATTR:host': src });
    const actions = json(await stack.openstack('server', 'event', 'list', 'lm34', '-f', 'json')) as { 'Request ID': string; Action: string }[];
    const lives = actions.filter((a) => a.Action === 'live-migration');
    expect(lives).toHaveLength(2);
    const latest = lives[0];
    const eventsOf = async (reqId: string) => (json(await stack.openstack('server', 'event', 'show', 'lm34', reqId, '-f', 'json')) as { events: { event: string; result: string }[] })
      .events.map((e) => `${e.event}:${e.result}`);
    // 2.34 casts live_migrate_instance; 2.33 called migrate_server (live=True), as Nova's conductor API does.
    expect(await eventsOf(latest['Request ID'])).toContain('conductor_live_migrate_instance:Error');
    expect((await eventsOf(lives[1]['Request ID'])).sort()).toEqual(['compute_check_can_live_migrate_destination:Error', 'conductor_migrate_server:Error']);
    const conductor = fs.readFileSync(path.join(stack.logDir, 'nova-conductor.log'), 'utf8');
    expect(conductor).toMatch(new RegExp(`ERROR oslo_messaging.rpc.server \\[[^\\]]*${latest['Request ID']}[^\\]]*\\] Exception during message handling: nova.exception.InvalidCPUInfo: Unacceptable CPU info`));
  }, 150_000);

  it('nova limits leaves out the network quotas from 2.36', async () => {
    const limits = async (v: string) => { const r = await stack.nova('--os-compute-api-version', v, 'limits'); expect(r.code, r.err).toBe(0); return r.out; };
    expect(await limits('2.35')).toContain('SecurityGroups');
    expect(await limits('2.36')).not.toContain('SecurityGroups');
  }, 90_000);
});
