// The default cloud every new stack starts with: admin and demo users and projects, three
// flavors, a cirros image, a `private` network with a subnet, the roles, and the default quota class.

import { createHash } from 'node:crypto';
import type { Db } from './open-db.js';
import { nowIso } from './open-db.js';

/** Ids look like keystone's (32 hex digits), derived from the name so they are stable. */
export const stableId = (kind: string, name: string) => createHash('md5').update(`${kind}:${name}`).digest('hex');

/** The project of the services' users (devstack's SERVICE_PROJECT_NAME). */
export const SERVICE_PROJECT = 'service';

export const DEFAULT_CLOUD = {
  users: [
    { name: 'admin', roles: ['admin', 'member', 'reader'], project: 'admin' },
    { name: 'demo', roles: ['member', 'reader'], project: 'demo' },
  ],
  /**
   * The services' own users in the `service` project, as devstack creates them
   * (`create_service_user nova admin`, `create_service_user neutron`…): nova and placement with
   * admin (implying member and reader) and service, neutron and glance with service only.
   */
  serviceUsers: [
    { name: 'nova', roles: ['admin', 'member', 'reader', 'service'] },
    { name: 'placement', roles: ['admin', 'member', 'reader', 'service'] },
    { name: 'neutron', roles: ['service'] },
    { name: 'glance', roles: ['service'] },
  ],
  flavors: [
    { id: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1 },
    { id: '2', name: 'm1.small', memory_mb: 2048, vcpus: 1, root_gb: 20 },
    { id: '3', name: 'm1.medium', memory_mb: 4096, vcpus: 2, root_gb: 40 },
  ],
  image: { id: 'c1d2e3f4-0000-4000-8000-000000000001', name: 'cirros', size: 21430272, disk_format: 'qcow2', min_ram: 0, min_disk: 0 },
  network: { id: '6a1c0f4e-8d2b-4c1e-9b7a-2f5d3e4c1a00', name: 'private', subnet: { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c00', name: 'private-subnet', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1' } },
  /** Keystone's bootstrap roles plus devstack's service role. */
  roles: ['admin', 'member', 'reader', 'service'],
  quotas: { instances: 50, cores: 100, ram: 204800, key_pairs: 100, server_groups: 10, server_group_members: 10, metadata_items: 128 },
} as const;

export function seedDefaultCloud(db: Db, adminPassword: string, servicePassword: string): void {
  const now = nowIso();
  db.transaction(() => {
    for (const u of DEFAULT_CLOUD.users) {
      const userId = stableId('user', u.name);
      const projectId = stableId('project', u.project);
      db.prepare('INSERT OR IGNORE INTO projects (id, name) VALUES (?, ?)').run(projectId, u.project);
      db.prepare('INSERT OR IGNORE INTO users (id, name, password) VALUES (?, ?, ?)').run(userId, u.name, u.name === 'admin' ? adminPassword : `${u.name}-secret`);
      for (const r of u.roles) db.prepare('INSERT OR IGNORE INTO role_assignments (user_id, project_id, role) VALUES (?, ?, ?)').run(userId, projectId, r);
    }
    // The cloud's quotas are the `default` quota class (what os-quota-class-sets/default and
    // os-quota-sets/{id}/defaults show); a project gets its own limits only through an update.
    for (const [resource, limit] of Object.entries(DEFAULT_CLOUD.quotas)) {
      db.prepare('INSERT OR IGNORE INTO quota_classes (class_name, resource, hard_limit) VALUES (?, ?, ?)').run('default', resource, limit);
    }
    for (const role of DEFAULT_CLOUD.roles) db.prepare('INSERT OR IGNORE INTO roles (id, name) VALUES (?, ?)').run(stableId('role', role), role);
    const service = stableId('project', SERVICE_PROJECT);
    db.prepare('INSERT OR IGNORE INTO projects (id, name) VALUES (?, ?)').run(service, SERVICE_PROJECT);
    for (const u of DEFAULT_CLOUD.serviceUsers) {
      const userId = stableId('user', u.name);
      db.prepare('INSERT OR IGNORE INTO users (id, name, password) VALUES (?, ?, ?)').run(userId, u.name, servicePassword);
      for (const r of u.roles) db.prepare('INSERT OR IGNORE INTO role_assignments (user_id, project_id, role) VALUES (?, ?, ?)').run(userId, service, r);
    }
    for (const f of DEFAULT_CLOUD.flavors) {
      db.prepare('INSERT OR IGNORE INTO flavors (id, name, memory_mb, vcpus, root_gb) VALUES (?, ?, ?, ?, ?)').run(f.id, f.name, f.memory_mb, f.vcpus, f.root_gb);
    }
    const i = DEFAULT_CLOUD.image;
    db.prepare(`INSERT OR IGNORE INTO images (id, name, status, size, disk_format, min_ram, min_disk, owner, checksum, created_at, updated_at)
      VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)`).run(i.id, i.name, i.size, i.disk_format, i.min_ram, i.min_disk, stableId('project', 'admin'),
      createHash('md5').update(i.name).digest('hex'), now, now);
    const n = DEFAULT_CLOUD.network;
    db.prepare('INSERT OR IGNORE INTO networks (id, name, project_id, created_at) VALUES (?, ?, ?, ?)').run(n.id, n.name, stableId('project', 'admin'), now);
    db.prepare('INSERT OR IGNORE INTO subnets (id, network_id, name, cidr, gateway_ip) VALUES (?, ?, ?, ?, ?)').run(n.subnet.id, n.id, n.subnet.name, n.subnet.cidr, n.subnet.gateway_ip);
  })();
}
