// The scheduler's server side (Nova's SchedulerManager + FilterScheduler): select_destinations
// asks placement which providers can take the request, filters and weighs the matching hosts,
// then claims in placement on the best host, falling back to the next one when a concurrent
// claim won the race. No host left → NoValidHost, an expected error that travels back to the
// conductor without a traceback.

import type { RequestSpec, Selection } from '../common/objects.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { StackConfig } from '../common/stack-config.js';
import type { Db } from '../db/open-db.js';
import type { AllocationRequest, PlacementClient, Resources } from '../placement/placement-client.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { runFilters } from './filter-runner.js';
import type { FilterRequest, HostFilter } from './filters/host-filter.js';
import { filtersByName } from './filters/registry.js';
import { HostManager } from './host-manager.js';
import { consumeFromRequest, hostLimits, hostStateRepr, type HostState } from './host-state.js';
import { weighAndLog } from './weigher-runner.js';
import type { HostWeigher } from './weighers/host-weigher.js';
import { weighersByName } from './weighers/registry.js';

export const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

const FS_FILE = 'scheduler/filter_scheduler.py';

/** What placement is asked for (Nova's resources_from_request_spec); zero amounts are left out. */
export function resourcesFromSpec(spec: RequestSpec): Resources {
  const f = spec.flavor;
  const all: Resources = { VCPU: f.vcpus, MEMORY_MB: f.memory_mb, DISK_GB: f.root_gb + f.ephemeral_gb + Math.ceil(f.swap / 1024) };
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0));
}

export class SchedulerManager {
  private readonly hostManager: HostManager;
  private readonly filters: HostFilter[];
  private readonly weighers: HostWeigher[];
  private readonly log: OsloLogger;
  private readonly fs: OsloLogger;

  constructor(db: Db, cfg: StackConfig, private readonly rootLog: OsloLogger, private readonly placement: PlacementClient) {
    this.hostManager = new HostManager(db, cfg, rootLog);
    this.filters = filtersByName(cfg.scheduler.filters);
    this.weighers = weighersByName(cfg.scheduler.weighers);
    this.log = rootLog.child('nova.scheduler.manager');
    this.fs = rootLog.child('nova.scheduler.filter_scheduler');
  }

  async selectDestinations(ctx: RequestContext, spec: RequestSpec): Promise<Selection> {
    const uuid = spec.instance_uuid;
    this.log.debug(ctx, null, `Starting to schedule for instances: ['${uuid}']`, { func: 'select_destinations', file: 'scheduler/manager.py', line: 110 });
    const candidates = await this.placement.getAllocationCandidates(ctx, resourcesFromSpec(spec));
    if (candidates === null) throw new ExpectedError('NoValidHost', 'No valid host was found. ');
    const byProvider = new Map<string, AllocationRequest[]>();
    for (const ar of candidates.allocation_requests) {
      for (const rp of Object.keys(ar.allocations)) byProvider.set(rp, [...(byProvider.get(rp) ?? []), ar]);
    }
    let hosts = this.hostManager.hostStates(ctx);
    if (byProvider.size === 0) {
      // Nova stops here with an empty reason; the stack goes on filtering every host so that
      // the log names the filter (RamFilter, DiskFilter…) that explains why nothing fits.
      this.log.debug(ctx, null, 'Got no allocation candidates from the Placement API. This may be a temporary occurrence as compute nodes start up and begin reporting inventory to the Placement service.',
        { func: 'select_destinations', file: 'scheduler/manager.py', line: 133 });
    } else {
      hosts = hosts.filter((h) => byProvider.has(h.uuid));
    }
    const req: FilterRequest = {
      spec, ctx, log: this.rootLog, group: this.hostManager.serverGroup(spec), triedHosts: this.hostManager.triedHosts(spec.retry?.hosts ?? []),
    };
    const sorted = this.sortedHosts(hosts, req);
    const chosen = await this.claimOnFirst(sorted, byProvider, ctx, spec);
    if (!chosen) {
      this.fs.debug(ctx, null, 'There are 0 hosts available but 1 instances requested to build.', { func: '_ensure_sufficient_hosts', file: FS_FILE, line: 275 });
      throw new ExpectedError('NoValidHost', NO_VALID_HOST);
    }
    this.fs.debug(ctx, uuid, `Selected host: ${hostStateRepr(chosen)}`, { func: '_consume_selected_host', file: FS_FILE, line: 324 });
    const limits = hostLimits(chosen);
    consumeFromRequest(chosen, spec.flavor, uuid);
    return { host: chosen.host, nodename: chosen.nodename, limits };
  }

  /** Filters (unless the request forces a host) and weighs; best host first. */
  private sortedHosts(hosts: HostState[], req: FilterRequest): HostState[] {
    const forced = req.spec.scheduler_hints?.force_host;
    let filtered: HostState[];
    if (forced) {
      // As in Nova, a forced host skips the filters.
      filtered = hosts.filter((h) => h.host.toLowerCase() === forced.toLowerCase());
      this.rootLog.child('nova.scheduler.host_manager').info(req.ctx, null, filtered.length
        ? `Host filter forcing available hosts to ${filtered.map((h) => h.host).join(', ')}`
        : `No hosts matched due to not matching 'force_hosts' value of '${forced}'`);
    } else {
      filtered = runFilters(this.filters, hosts, req).hosts;
    }
    this.fs.debug(req.ctx, null, `Filtered [${filtered.map(hostStateRepr).join(', ')}]`, { func: '_get_sorted_hosts', file: FS_FILE, line: 404 });
    if (filtered.length === 0) return [];
    return weighAndLog(this.weighers, filtered, this.rootLog, req.ctx).map((w) => w.host);
  }

  private async claimOnFirst(sorted: HostState[], byProvider: Map<string, AllocationRequest[]>, ctx: RequestContext, spec: RequestSpec): Promise<HostState | null> {
    for (const host of sorted) {
      const requests = byProvider.get(host.uuid);
      if (!requests) {
        this.fs.debug(ctx, null, `A host state with uuid = '${host.uuid}' that did not have a matching allocation_request was encountered while scheduling. This host was skipped.`,
          { func: '_schedule', file: FS_FILE, line: 208 });
        continue;
      }
      this.fs.debug(ctx, null, `Attempting to claim resources in the placement API for instance ${spec.instance_uuid}`, { func: '_claim_resources', file: FS_FILE, line: 269 });
      const claim = await this.placement.claimResources(ctx, spec.instance_uuid, requests[0], spec.project_id, spec.user_id);
      if (claim.claimed) return host;
    }
    if (sorted.length > 0) this.fs.debug(ctx, null, 'Unable to successfully claim against any host.', { func: '_schedule', file: FS_FILE, line: 230 });
    return null;
  }
}
