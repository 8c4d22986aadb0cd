// GET /limits of nova (absolute limits and usage at 2.1, the keys 2.36, 2.39 and 2.57 leave out)
// and of cinder-lite (GET /volume/v3/limits: cinder's names, its used limits, no rate limits,
// another project for admins from 3.39), over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD, stableId } from '../../../stack/db/seed.js';
import { MAX_VERSION } from '../../../stack/api/compute/microversion.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const DEMO = stableId('project', 'demo');
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });
const minor = (v: string) => Number(v.split('.')[1]);

describe('nova GET /limits', () => {
  it("shows every absolute limit and the project's usage at 2.1, as tempest's schema has them", async () => {
    const boot = await h.call('POST', `${C}/servers`, { server: { name: 'lim', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] } }, { token: h.demoToken });
    expect(boot.status, boot.text).toBe(202);
    const flavor = h.db.prepare("SELECT vcpus, memory_mb FROM flavors WHERE id = '1'").get() as { vcpus: number; memory_mb: number };
    const r = await h.call('GET', `${C}/limits`, undefined, { token: h.demoToken });
    expect(tempestSchemaError('v2_1.limits.get_limit', r)).toBe('');
    const q = (await h.call('GET', `${C}/os-quota-sets/${DEMO}`, undefined, { token: h.demoToken })).body.quota_set;
    expect(r.body).toEqual({
      limits: {
        rate: [],
        absolute: {
          maxTotalRAMSize: q.ram, maxTotalInstances: q.instances, maxTotalCores: q.cores, maxTotalKeypairs: q.key_pairs, maxTotalFloatingIps: q.floating_ips,
          maxServerMeta: q.metadata_items, maxImageMeta: q.metadata_items, maxPersonality: q.injected_files, maxPersonalitySize: q.injected_file_content_bytes,
          maxSecurityGroups: q.security_groups, maxSecurityGroupRules: q.security_group_rules, maxServerGroups: q.server_groups, maxServerGroupMembers: q.server_group_members,
          totalRAMUsed: flavor.memory_mb, totalCoresUsed: flavor.vcpus, totalInstancesUsed: 1, totalFloatingIpsUsed: 0, totalSecurityGroupsUsed: 0, totalServerGroupsUsed: 0,
        },
      },
    });
  });

  it('leaves out the network limits from 2.36, maxImageMeta from 2.39 and the personality limits from 2.57', async () => {
    const keys = async (v: string) => Object.keys((await h.call('GET', `${C}/limits`, undefined, { token: h.demoToken, ...at(v) })).body.limits.absolute);
    const network = ['maxTotalFloatingIps', 'maxSecurityGroups', 'maxSecurityGroupRules', 'totalFloatingIpsUsed', 'totalSecurityGroupsUsed'];
    expect(await keys('2.35')).toEqual(expect.arrayContaining(network));
    const k36 = await keys('2.36');
    for (const n of network) expect(k36).not.toContain(n);
    expect(k36).toContain('maxImageMeta');
    if (minor(MAX_VERSION) >= 39) expect(await keys('2.39')).not.toContain('maxImageMeta');
    if (minor(MAX_VERSION) >= 57) {
      const k57 = await keys('2.57');
      expect(k57).not.toContain('maxPersonality');
      expect(k57).not.toContain('maxPersonalitySize');
    }
  });
});

describe('nova GET /limits query', () => {
  it('ignores parameters other than tenant_id below 2.75 and refuses them from 2.75', async () => {
    expect((await h.call('GET', `${C}/limits?reserved=1&foo=x`, undefined, { token: h.demoToken })).status).toBe(200);
    if (minor(MAX_VERSION) < 75) return;
    const r = await h.call('GET', `${C}/limits?reserved=1&foo=x`, undefined, { token: h.demoToken, ...at('2.75') });
    expect(r.body).toEqual({ badRequest: { code: 400, message: "Additional properties are not allowed ('foo', 'reserved' were unexpected)" } });
    expect((await h.call('GET', `${C}/limits?tenant_id=${DEMO}`, undefined, { token: h.adminToken, ...at('2.75') })).status).toBe(200);
  });
});

describe('cinder-lite GET /v3/limits', () => {
  const V = '/volume/v3';
  const vol = (v: string) => ({ headers: { 'OpenStack-API-Version': `volume ${v}` } });

  it("shows cinder's absolute limits and the project's used limits, and no rate limits", async () => {
    const before = await h.call('GET', `${V}/limits`, undefined, { token: h.demoToken });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      limits: {
        rate: [],
        absolute: {
          maxTotalVolumes: 10, maxTotalSnapshots: 10, maxTotalVolumeGigabytes: 1000, maxTotalBackups: 10, maxTotalBackupGigabytes: 1000,
          totalVolumesUsed: 0, totalGigabytesUsed: 0, totalSnapshotsUsed: 0, totalBackupsUsed: 0, totalBackupGigabytesUsed: 0,
        },
      },
    });
    const created = await h.call('POST', `${V}/volumes`, { volume: { size: 2, name: 'lim-vol' } }, { token: h.demoToken });
    expect(created.status, created.text).toBe(202);
    const after = await h.call('GET', `${V}/limits`, undefined, { token: h.demoToken });
    expect(after.body.limits.absolute).toMatchObject({ totalVolumesUsed: 1, totalGigabytesUsed: 2 });
    expect(after.headers.get('openstack-api-version')).toBe('volume 3.0');
    expect(h.log('cinder-api.log')).toMatch(/INFO cinder\.api\.openstack\.wsgi \[[^\]]+\] http:\/\/127\.0\.0\.1:\d+\/volume\/v3\/limits returned with HTTP 200/);
    expect((await h.call('GET', `${V}/limits`, undefined, { token: null })).status).toBe(401);
  });

  it("answers another project's limits to an admin from 3.39 only", async () => {
    const own = (await h.call('GET', `${V}/limits?project_id=${DEMO}`, undefined, { token: h.adminToken, ...vol('3.38') })).body.limits.absolute;
    const demo = (await h.call('GET', `${V}/limits?project_id=${DEMO}`, undefined, { token: h.adminToken, ...vol('3.39') })).body.limits.absolute;
    expect(demo.totalVolumesUsed).toBeGreaterThan(0);
    expect(own.totalVolumesUsed).toBe(0);
    // A non-admin's project_id is ignored.
    const asDemo = (await h.call('GET', `${V}/limits?project_id=${stableId('project', 'admin')}`, undefined, { token: h.demoToken, ...vol('3.39') })).body.limits.absolute;
    expect(asDemo.totalVolumesUsed).toBe(demo.totalVolumesUsed);
  });
});
