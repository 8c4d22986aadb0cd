// Microversions from 2.48 over real HTTP against the harness compute: server diagnostics as the
// driver's blob and, from 2.48, the standardized view, each checked with tempest's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const NET = DEFAULT_CLOUD.network.id;

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await h.call('POST', `${C}/servers`, { server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET }], ...extra } }, at(v));
  expect(r.status, r.text).toBe(202);
  const launched = new Date(Date.now() - 90_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1, launched_at = ? WHERE uuid = ?").run(launched, r.body.server.id);
  return r.body.server.id as string;
}

const computeCalls = (method: string) => h.recorded.filter((r) => r.topic === 'compute.cmp1' && r.method === method);

describe('2.48: server diagnostics', () => {
  it("answers the driver's blob below 2.48 (get_diagnostics) and the standardized view from 2.48 (get_instance_diagnostics)", async () => {
    const id = await boot('diag');
    const blob = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.47'));
    expect(blob.status, blob.text).toBe(200);
    expect(blob.body).toMatchObject({ memory: 524288, 'memory-actual': 524288, vda_errors: -1, 'tap0a1b2c3d-4e_rx_drop': 0 });
    expect(blob.body.cpu0_time).toBeGreaterThan(1_730_000_000);
    expect(computeCalls('get_diagnostics').at(-1)!.args).toMatchObject({ uuid: id, power_state: 1 });

    const std = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48'));
    expect(std.status, std.text).toBe(200);
    expect(tempestSchemaError('v2_48.servers.show_server_diagnostics', std)).toBe('');
    expect(std.body).toMatchObject({ state: 'running', driver: 'libvirt', hypervisor: 'kvm', hypervisor_os: 'linux', config_drive: false, num_cpus: 1, num_nics: 1, num_disks: 1 });
    // virDomainGetInfo's KiB over units.Mi into an IntegerField: 512 MiB is 0.
    expect(std.body.memory_details).toEqual({ maximum: 0, used: 0 });
    expect(std.body.uptime).toBeGreaterThanOrEqual(90);
    expect(std.body.nic_details[0]).toMatchObject({ mac_address: 'fa:16:3e:00:00:01', rx_rate: null, tx_rate: null });
    expect(computeCalls('get_instance_diagnostics')).toHaveLength(1);
  });

  it('409 for a guest that is not running (the compute refuses) and for a server with no host; 404 and 403 as Nova', async () => {
    const id = await boot('diag-off');
    h.db.prepare("UPDATE instances SET vm_state = 'stopped', power_state = 4 WHERE uuid = ?").run(id);
    for (const v of ['2.1', '2.48']) {
      const r = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at(v));
      expect(r.status, v).toBe(409);
      expect(r.body.conflictingRequest.message).toBe(`Cannot 'get_diagnostics' instance ${id} while it is in power state shutdown`);
    }
    h.db.prepare('UPDATE instances SET host = NULL WHERE uuid = ?').run(id);
    expect((await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48'))).body.conflictingRequest.message).toBe(`Instance ${id} is not ready`);
    expect((await h.call('GET', `${C}/servers/0b1d2f0e-0000-4000-8000-000000000000/diagnostics`, undefined, at('2.48'))).status).toBe(404);
    const user = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48', h.demoToken));
    expect(user.status).toBe(403);
    expect(user.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.");
  });
});
