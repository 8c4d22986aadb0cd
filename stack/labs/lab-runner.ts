// What `nova-lab start` does: a stack for the labs (started once, then reused), the lab's
// faults injected, lab-vm booted the way a user would, and what the user would see.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FILTERS, type Release } from '../common/release.js';
import { readConfig } from '../common/stack-config.js';
import { FaultStore } from '../faults/fault-store.js';
import { clearPlacementDrift, injectPlacementDrift } from '../faults/placement-drift.js';
import { DEFAULT_CLOUD } from '../db/seed.js';
import type { Lab } from './lab-catalog.js';
import { api, labLogin, pollUntil, type LabCloud } from './lab-cloud.js';
import { bootForMove, moveServer } from './lab-move.js';

export interface LabPaths { root: string; stateDir: string; logDir: string; stackCli: string; release: Release }

const LAB_STACK_FLAGS = ['--hosts', '2', '--rpc-timeout', '8', '--vif-timeout', '8', '--service-down', '6'];
/** The lab clouds offer NUMA flavors, so their operators enabled NUMATopologyFilter. */
const labFilters = (r: Release) => ['--enabled-filters', [...DEFAULT_FILTERS[r], 'NUMATopologyFilter'].join(',')];

export function ensureStack(p: LabPaths, say: (s: string) => void): void {
  const st = spawnSync(process.execPath, [p.stackCli, 'status', '--state-dir', p.stateDir], { encoding: 'utf8', timeout: 30_000 });
  if (st.status === 0) return;
  say('starting the lab stack (once; later labs reuse it)…');
  const up = spawnSync(process.execPath, [p.stackCli, 'up', '--detach', '--state-dir', p.stateDir, '--log-dir', p.logDir, ...LAB_STACK_FLAGS, ...labFilters(p.release), '--release', p.release], { encoding: 'utf8', timeout: 150_000 });
  if (up.status !== 0) throw new Error(`the lab stack did not start: ${up.stderr || up.stdout}`);
}

export async function connect(p: LabPaths): Promise<LabCloud> {
  const cfg = readConfig(p.stateDir);
  return labLogin(`http://127.0.0.1:${cfg.ports.api}/v3`, cfg.adminPassword);
}

/** Undo every lab: faults, lab servers, quota, the services' heartbeats. */
export async function resetLabs(p: LabPaths, cloud: LabCloud): Promise<void> {
  const faults = new FaultStore(p.stateDir);
  try { clearPlacementDrift(faults, p.stateDir, null); faults.clear(null); } finally { faults.close(); }
  await api(cloud, 'PUT', `/os-quota-sets/${cloud.projectId}`, { quota_set: { instances: DEFAULT_CLOUD.quotas.instances } });
  const isLab = (name: string) => name === 'lab-vm' || name.startsWith('lab-vm-');
  const list = await api<{ servers: { id: string; name: string }[] }>(cloud, 'GET', '/servers');
  for (const s of list.body.servers.filter((x) => isLab(x.name))) await api(cloud, 'DELETE', `/servers/${s.id}`);
  await pollUntil(() => api<{ servers: { name: string }[] }>(cloud, 'GET', '/servers'), (r) => !r.body.servers.some((x) => isLab(x.name)), 30_000);
  const groups = await api<{ server_groups: { id: string; name: string }[] }>(cloud, 'GET', '/os-server-groups');
  for (const g of groups.body.server_groups.filter((x) => x.name === 'lab-group')) await api(cloud, 'DELETE', `/os-server-groups/${g.id}`);
  await pollUntil(() => computeStates(cloud), (s) => s.every((x) => x.state === 'up'), 20_000);
  // A hosts-full lab leaves the hosts' memory taken until their next report: wait for it, or
  // the next lab's boot finds no allocation candidates.
  await pollUntil(() => api<{ hypervisors: { memory_mb: number; memory_mb_used: number }[] }>(cloud, 'GET', '/os-hypervisors/detail'),
    (r) => r.body.hypervisors.every((h) => h.memory_mb_used <= h.memory_mb), 30_000);
  await untilMemoryReserved(p, () => false);
}

async function computeStates(cloud: LabCloud): Promise<{ host: string; state: string }[]> {
  const r = await api<{ services: { binary: string; host: string; state: string }[] }>(cloud, 'GET', '/os-services');
  return r.body.services.filter((s) => s.binary === 'nova-compute').map((s) => ({ host: s.host, state: s.state }));
}

export interface LabOutcome { status: string; requestId: string; apiMessage: string | null }

function injectFaults(p: LabPaths, lab: Lab): void {
  const faults = new FaultStore(p.stateDir);
  try {
    for (const f of lab.faults) {
      if (f.name === 'placement-drift') injectPlacementDrift(faults, p.stateDir, f.host ?? null);
      else faults.inject(f.name, f.host ?? null, f.count ?? null, { ...(f.seconds === undefined ? {} : { seconds: f.seconds }), ...(f.mode === undefined ? {} : { mode: f.mode }) });
    }
  } finally {
    faults.close();
  }
}

export async function runLab(p: LabPaths, cloud: LabCloud, lab: Lab): Promise<LabOutcome> {
  if (lab.move) {
    const booted = await bootForMove(cloud);
    if (!('id' in booted)) return { status: booted.status, requestId: '', apiMessage: null };
    injectFaults(p, lab);
    return moveServer(cloud, booted.id, lab.move);
  }
  let flavor = '1';
  if (lab.setup === 'huge-flavor') {
    await api(cloud, 'POST', '/flavors', { flavor: { name: 'lab.huge', id: 'lab.huge', ram: 65536, vcpus: 4, disk: 10 } });
    flavor = 'lab.huge';
  }
  if (lab.setup === 'huge-pages-flavor') {
    await api(cloud, 'POST', '/flavors', { flavor: { name: 'lab.hugepages', id: 'lab.hugepages', ram: 512, vcpus: 1, disk: 1 } });
    await api(cloud, 'POST', '/flavors/lab.hugepages/os-extra_specs', { extra_specs: { 'hw:mem_page_size': 'large' } });
    flavor = 'lab.hugepages';
  }
  if (lab.setup === 'no-quota') await api(cloud, 'PUT', `/os-quota-sets/${cloud.projectId}`, { quota_set: { instances: 0 } });
  const hints: Record<string, string> = {};
  if (lab.setup === 'full-anti-affinity-group') {
    // A group whose members already sit on every host (2 hosts, 2 members).
    const g = await api<{ server_group: { id: string } }>(cloud, 'POST', '/os-server-groups', { server_group: { name: 'lab-group', policies: ['anti-affinity'] } });
    hints.group = g.body.server_group.id;
    for (const name of ['lab-vm-a', 'lab-vm-b']) {
      const m = await api<{ server: { id: string } }>(cloud, 'POST', '/servers', { server: { name, flavorRef: '1', imageRef: DEFAULT_CLOUD.image.id, networks: [{ uuid: DEFAULT_CLOUD.network.id }] }, 'os:scheduler_hints': hints });
      await pollUntil(() => api<{ server: { status: string } }>(cloud, 'GET', `/servers/${m.body.server.id}`), (x) => x.body.server?.status !== 'BUILD', 60_000, 250);
    }
  }
  injectFaults(p, lab);
  // Wait until the faulted hosts show the fault (a fault without --host acts on every host).
  const hit = (name: string) => (host: string) => lab.faults.some((f) => f.name === name && (f.host === undefined || f.host === host));
  if (lab.faults.some((f) => f.name === 'compute-down')) await pollUntil(() => computeStates(cloud), (s) => s.every((x) => !hit('compute-down')(x.host) || x.state === 'down'), 30_000);
  if (lab.faults.some((f) => f.name === 'clock-skew' || f.name === 'bus-down')) await new Promise((r) => setTimeout(r, 700));
  if (lab.faults.some((f) => f.name === 'hosts-full')) {
    await pollUntil(() => api<{ hypervisors: { hypervisor_hostname: string; memory_mb: number; memory_mb_used: number }[] }>(cloud, 'GET', '/os-hypervisors/detail'),
      (r) => r.body.hypervisors.every((h) => !hit('hosts-full')(h.hypervisor_hostname) || h.memory_mb_used > h.memory_mb), 30_000);
    await untilMemoryReserved(p, hit('hosts-full'));
  }
  if (lab.faults.some((f) => f.name === 'numa-misfit')) await untilNoHugePages(p, hit('numa-misfit'));
  const r = await api<Record<string, { id?: string; message?: string }>>(cloud, 'POST', '/servers', {
    server: { name: 'lab-vm', flavorRef: flavor, networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...bootDisk(lab, lab.image === 'fresh' ? await freshImage(p) : DEFAULT_CLOUD.image.id) },
    ...(hints.group ? { 'os:scheduler_hints': hints } : {}),
  });
  const requestId = r.headers.get('x-openstack-request-id') ?? '';
  if (r.status !== 202) return { status: `HTTP ${r.status}`, requestId, apiMessage: Object.values(r.body)[0]?.message ?? null };
  const id = r.body.server.id!;
  const last = await pollUntil(() => api<{ server: { status: string } }>(cloud, 'GET', `/servers/${id}`), (x) => x.body.server?.status !== 'BUILD', 90_000, 500);
  return { status: last.body.server?.status ?? `HTTP ${last.status}`, requestId, apiMessage: null };
}

/** The boot's disk as the CLI sends it: the image, or (--boot-from-volume 1) a new volume made from it. */
function bootDisk(lab: Lab, image: string): Record<string, unknown> {
  if (lab.bootFrom !== 'volume') return { imageRef: image };
  return { imageRef: '', block_device_mapping_v2: [{ uuid: image, boot_index: '0', source_type: 'image', destination_type: 'volume', volume_size: 1 }] };
}

/** Until the faulted hosts report NUMA cells without 2 MiB pages (compute_nodes, as the scheduler reads it). */
async function untilNoHugePages(p: LabPaths, faulted: (host: string) => boolean): Promise<void> {
  const { openDb } = await import('../db/open-db.js');
  const { NOVA_SCHEMA } = await import('../db/schema.js');
  const hugePages = (t: string | null) => (t ? (JSON.parse(t) as { cells: { mempages: { size_kb: number; total: number }[] }[] }).cells
    .reduce((n, c) => n + (c.mempages.find((m) => m.size_kb === 2048)?.total ?? 0), 0) : 0);
  const read = async () => {
    const db = openDb(readConfig(p.stateDir).db, NOVA_SCHEMA);
    try { return db.prepare('SELECT host, numa_topology FROM compute_nodes').all() as { host: string; numa_topology: string | null }[]; } finally { db.close(); }
  };
  await pollUntil(read, (rows) => rows.every((r) => !faulted(r.host) || hugePages(r.numa_topology) === 0), 30_000);
}

/** Until placement holds the faulted hosts' memory as reserved and no other's: the tracker
 *  writes the compute node record before placement, so the hypervisor view alone runs ahead. */
async function untilMemoryReserved(p: LabPaths, faulted: (host: string) => boolean): Promise<void> {
  const { openDb } = await import('../db/open-db.js');
  const { PLACEMENT_SCHEMA } = await import('../db/schema.js');
  const read = async () => {
    const db = openDb(readConfig(p.stateDir).placementDb, PLACEMENT_SCHEMA);
    try {
      return db.prepare(`SELECT rp.name AS host, i.reserved FROM inventories i JOIN resource_providers rp ON rp.id = i.resource_provider_id WHERE i.resource_class = 'MEMORY_MB'`)
        .all() as { host: string; reserved: number }[];
    } finally { db.close(); }
  };
  await pollUntil(read, (rows) => rows.every((r) => (r.reserved > 0) === faulted(r.host)), 30_000);
}

/** An image no host has cached yet, as a newly uploaded one would be. */
async function freshImage(p: LabPaths): Promise<string> {
  const { openDb, nowIso } = await import('../db/open-db.js');
  const { NOVA_SCHEMA } = await import('../db/schema.js');
  const { randomUUID } = await import('node:crypto');
  const db = openDb(readConfig(p.stateDir).db, NOVA_SCHEMA);
  try {
    const id = randomUUID();
    db.prepare(`INSERT INTO images (id, name, status, size, disk_format, created_at, updated_at) VALUES (?, ?, 'active', 13631488, 'qcow2', ?, ?)`).run(id, `ubuntu-lab-${id.slice(0, 4)}`, nowIso(), nowIso());
    return id;
  } finally {
    db.close();
  }
}

/** Where the lab stack of a release lives: `stack`/`log` for current Nova, `stack-legacy`/`log-legacy` for the legacy one. */
export function labPaths(root: string, here: string, release: Release = 'current'): LabPaths {
  fs.mkdirSync(root, { recursive: true });
  const suffix = release === 'current' ? '' : `-${release}`;
  return { root, stateDir: path.join(root, `stack${suffix}`), logDir: path.join(root, `log${suffix}`), stackCli: path.join(here, 'nova-stack.js'), release };
}
