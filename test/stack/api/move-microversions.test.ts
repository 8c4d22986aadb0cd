// Microversions 2.28 to 2.34 over real HTTP: cpu_info as an object (2.28); `force` on evacuate
// (2.29) and os-migrateLive (2.30), where a host given without force goes to the conductor as the
// request spec's requested_destination (the scheduler checks it) and a forced one as the host;
// live migration cast to the conductor from 2.34.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });

async function boot(name: string): Promise<string> {
  const body = { server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] } };
  const r = await h.call('POST', `${C}/servers`, body, at('2.1'));
  expect(r.status, r.text).toBe(202);
  const id = r.body.server.id as string;
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(id);
  return id;
}

/** The args of the last conductor call of `method`. */
const lastCall = (method: string) => [...h.recorded].reverse().find((r) => r.topic === 'conductor' && r.method === method)!.args as Record<string, any>;
const reset = (id: string) => h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1' WHERE uuid = ?").run(id);

describe('hypervisors 2.28', () => {
  it('shows cpu_info as text below 2.28 and as an object from 2.28, each in tempest\'s schema', async () => {
    const old = await h.call('GET', `${C}/os-hypervisors/detail`, undefined, at('2.27'));
    expect(typeof old.body.hypervisors[0].cpu_info).toBe('string');
    expect(tempestSchemaError('v2_1.hypervisors.list_hypervisors_detail', old)).toBe('');
    const v228 = await h.call('GET', `${C}/os-hypervisors/detail`, undefined, at('2.28'));
    expect(v228.body.hypervisors[0].cpu_info).toEqual(JSON.parse(old.body.hypervisors[0].cpu_info));
    expect(tempestSchemaError('v2_28.hypervisors.list_hypervisors_detail', v228)).toBe('');
    const one = await h.call('GET', `${C}/os-hypervisors/${v228.body.hypervisors[0].id}`, undefined, at('2.28'));
    expect(tempestSchemaError('v2_28.hypervisors.get_hypervisor', one)).toBe('');
  });
});

describe('evacuate 2.29', () => {
  it('sends a host without force as the requested destination, a forced host as the host, and refuses force alone', async () => {
    const id = await boot('ev');
    h.db.prepare("UPDATE services SET forced_down = 1 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    try {
      const old = await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2', force: true } }, at('2.28'));
      expect(old.body.badRequest.message).toContain("Additional properties are not allowed ('force' was unexpected)");
      const alone = await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { force: true } }, at('2.29'));
      expect(alone.body.badRequest.message).toBe("Can't force to a non-provided destination");
      expect((await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2' } }, at('2.29'))).status).toBe(200);
      await expect.poll(() => h.recorded.filter((r) => r.method === 'rebuild_instance').length).toBe(1);
      expect(lastCall('rebuild_instance')).toMatchObject({ host: null, request_spec: { requested_destination: { host: 'cmp2', node: 'cmp2' } } });
      reset(id);
      expect((await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2', force: true } }, at('2.29'))).status).toBe(200);
      await expect.poll(() => h.recorded.filter((r) => r.method === 'rebuild_instance').length).toBe(2);
      expect(lastCall('rebuild_instance').host).toBe('cmp2');
      expect(lastCall('rebuild_instance').request_spec.requested_destination).toBeUndefined();
      reset(id);
      // Below 2.29 a given host is always forced.
      expect((await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2' } }, at('2.28'))).status).toBe(200);
      await expect.poll(() => h.recorded.filter((r) => r.method === 'rebuild_instance').length).toBe(3);
      expect(lastCall('rebuild_instance').host).toBe('cmp2');
    } finally {
      h.db.prepare("UPDATE services SET forced_down = 0 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    }
  });
});

describe('os-migrateLive 2.30', () => {
  it('sends a host without force as the requested destination and a forced host as the host (migrate_server with live=True below 2.34)', async () => {
    const id = await boot('lm');
    const live = (body: Record<string, unknown>, v: string) => h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': body }, at(v));
    expect((await live({ host: 'cmp2', block_migration: 'auto', force: true }, '2.29')).body.badRequest.message).toContain("Additional properties are not allowed ('force' was unexpected)");
    expect((await live({ host: null, block_migration: 'auto', force: true }, '2.30')).body.badRequest.message).toBe("Can't force to a non-provided destination");
    expect((await live({ host: 'cmp2', block_migration: 'auto', force: 'maybe' }, '2.30')).status).toBe(400);
    expect((await live({ host: 'cmp2', block_migration: 'auto' }, '2.30')).status).toBe(202);
    expect(lastCall('migrate_server')).toMatchObject({ host: null, request_spec: { requested_destination: { host: 'cmp2', node: 'cmp2' } } });
    reset(id);
    expect((await live({ host: 'cmp2', block_migration: 'auto', force: true }, '2.30')).status).toBe(202);
    expect(lastCall('migrate_server').host).toBe('cmp2');
    expect(lastCall('migrate_server').request_spec.requested_destination).toBeUndefined();
    reset(id);
    expect((await live({ host: 'cmp2', block_migration: 'auto' }, '2.29')).status).toBe(202);
    expect(lastCall('migrate_server').host).toBe('cmp2');
    reset(id);
    expect((await live({ host: null, block_migration: 'auto', force: false }, '2.30')).status).toBe(202);
    expect(lastCall('migrate_server')).toMatchObject({ host: null });
    expect(lastCall('migrate_server').request_spec.requested_destination).toBeUndefined();
  });
});

describe('os-migrateLive 2.34', () => {
  it('waits for the conductor below 2.34 and casts to it from 2.34', async () => {
    const id = await boot('lm-async');
    const live = (v: string) => h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, at(v));
    // Below 2.34 Nova's conductor API calls migrate_server with live=True; from 2.34 it casts live_migrate_instance.
    expect((await live('2.33')).status).toBe(202);
    expect(lastCall('migrate_server')).toMatchObject({ live: true });
    expect(h.recorded.some((r) => r.method === 'live_migrate_instance')).toBe(false);
    reset(id);
    expect((await live('2.34')).status).toBe(202);
    await expect.poll(() => h.recorded.some((r) => r.method === 'live_migrate_instance')).toBe(true);
  });
});

