// `nova-manage placement audit --delete --verbose`, which the stack runs once every service is
// up: allocations in placement whose consumer is neither an instance of the provider's compute
// node nor an active migration are orphans (a server deleted while placement was unreachable,
// a build errored out before its claim) and are deleted. Output lines and return codes are
// nova-manage's (0 nothing found, 4 found and deleted, 1 a deletion failed).

import type { StackConfig } from '../common/stack-config.js';
import { placementUrl } from '../common/stack-config.js';
import { authedJson, serviceAuth } from '../common/service-auth.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';

/** The resource classes nova-manage counts as Nova's. */
const NOVA_RCS = ['VCPU', 'MEMORY_MB', 'DISK_GB', 'VGPU', 'NET_BW_EGR_KILOBIT_PER_SEC', 'NET_BW_IGR_KILOBIT_PER_SEC', 'PCPU', 'MEM_ENCRYPTION_CONTEXT'];
const IN_PROGRESS_MIGRATION = ['queued', 'preparing', 'running', 'post-migrating', 'pre-migrating', 'migrating', 'finished', 'confirming', 'reverting', 'accepted'];

const dictRepr = (d: Record<string, number>) => `{${Object.entries(d).map(([k, v]) => `'${k}': ${v}`).join(', ')}}`;

export async function placementAudit(cfg: StackConfig, print: (line: string) => void, opts: { delete: boolean; verbose: boolean } = { delete: true, verbose: true }): Promise<number> {
  const auth = serviceAuth(cfg, 'nova');
  const output = opts.verbose ? print : () => undefined;
  const get = async <T>(path: string): Promise<T> => {
    const r = await authedJson<T>(auth, 'GET', placementUrl(cfg, path), undefined, { headers: { 'OpenStack-API-Version': 'placement 1.14' }, timeoutMs: 10_000 });
    if (r.status !== 200) throw new Error(`GET ${path} returned ${r.status}`);
    return r.body;
  };
  const db = openDb(cfg.db, NOVA_SCHEMA);
  try {
    const { resource_providers: providers } = await get<{ resource_providers: { uuid: string; root_provider_uuid?: string }[] }>('/resource_providers');
    let processed = 0;
    for (const provider of providers) {
      const cnUuid = provider.root_provider_uuid ?? provider.uuid;
      const cn = db.prepare('SELECT host, hypervisor_hostname FROM compute_nodes WHERE uuid = ?').get(cnUuid) as { host: string; hypervisor_hostname: string } | undefined;
      if (!cn) output(`The compute node for UUID ${cnUuid} can not be found`);
      const inst = cn ? new Set((db.prepare('SELECT uuid FROM instances WHERE host = ? AND node = ? AND deleted_at IS NULL').all(cn.host, cn.hypervisor_hostname) as { uuid: string }[]).map((r) => r.uuid)) : new Set<string>();
      // An active migration's own uuid is the consumer of the source allocation it holds.
      const migs = cn ? new Set((db.prepare(`SELECT uuid FROM migrations WHERE (source_compute = ? OR dest_compute = ?) AND status IN (${IN_PROGRESS_MIGRATION.map(() => '?').join(', ')})`)
        .all(cn.host, cn.host, ...IN_PROGRESS_MIGRATION) as { uuid: string }[]).map((r) => r.uuid)) : new Set<string>();
      const { allocations } = await get<{ allocations: Record<string, { resources: Record<string, number> }> }>(`/resource_providers/${provider.uuid}/allocations`);
      for (const [consumer, { resources }] of Object.entries(allocations)) {
        if (!Object.keys(resources).some((rc) => NOVA_RCS.includes(rc)) || inst.has(consumer) || migs.has(consumer)) continue;
        output(`Allocations were set against consumer UUID ${consumer} but no existing instances or active migrations are related. `);
        if (opts.delete) {
          const r = await authedJson(auth, 'DELETE', placementUrl(cfg, `/allocations/${consumer}`), undefined, { headers: { 'OpenStack-API-Version': 'placement 1.28' }, timeoutMs: 10_000 });
          if (r.status !== 204 && r.status !== 404) {
            print(`Not able to delete allocations for consumer UUID ${consumer}`);
            print(`The Resource Provider ${provider.uuid} had problems when deleting allocations. Stopping now. Please fix the problem by hand and run again.`);
            return 1;
          }
          output(`Deleted allocations for consumer UUID ${consumer} on Resource Provider ${provider.uuid}: ${dictRepr(resources)}`);
        } else {
          output(`Allocations for consumer UUID ${consumer} on Resource Provider ${provider.uuid} can be deleted: ${dictRepr(resources)}`);
        }
        processed += 1;
      }
    }
    if (processed === 0) return 0;
    output(`Processed ${processed} allocation${processed > 1 ? 's.' : '.'}`);
    return opts.delete ? 4 : 3;
  } finally {
    db.close();
  }
}
