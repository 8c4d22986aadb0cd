// The scheduler's server side (Nova's SchedulerManager): select_destinations asks placement
// which providers can take the request, filters and weighs the matching hosts, then claims in
// placement on the best host, falling back to the next one when a concurrent claim won the race.
// Current Nova first runs the request filters (zone → aggregates, disabled computes → forbidden
// trait), stops with NoValidHost when placement has no candidate, and returns the selected host
// plus alternates; the legacy release keeps Pike's FilterScheduler (RetryFilter and the
// Ram/Core/Disk filters on the hosts placement offered, one host per request, the empty answer
// noted at DEBUG only). No host left → NoValidHost, an expected error that travels back to the
// conductor without a traceback.

import type { RequestSpec, Selection } from '../common/objects.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import { releaseOf, type Release } from '../common/release.js';
import type { RequestContext } from '../common/request-context.js';
import type { StackConfig } from '../common/stack-config.js';
import type { Db } from '../db/open-db.js';
import type { AllocationRequest, PlacementClient, Resources } from '../placement/placement-client.js';
import { MAX_PLACEMENT_RESULTS } from '../placement/placement-client.js';
import { resourceRequest } from '../placement/resource-request.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { runFilters } from './filter-runner.js';
import type { FilterRequest, HostFilter } from './filters/host-filter.js';
import { filtersByName } from './filters/registry.js';
import { HostManager } from './host-manager.js';
import { consumeFromRequest, hostLimits, hostStateRepr, type HostState } from './host-state.js';
import { processRequestSpec } from './request-filters.js';
import { weighAndLog } from './weigher-runner.js';
import type { HostWeigher } from './weighers/host-weigher.js';
import { weighersByName } from './weighers/registry.js';

export const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

/** Where _schedule's lines come from: filter_scheduler.py before Xena, manager.py since. */
const SOURCE: Record<Release, { logger: string; file: string; lines: Record<string, number> }> = {
  legacy: { logger: 'nova.scheduler.filter_scheduler', file: 'scheduler/filter_scheduler.py', lines: { sufficient: 275, selected: 324, filtered: 404, weighed: 424, skip: 208, claim: 269, unable: 230 } },
  current: { logger: 'nova.scheduler.manager', file: 'scheduler/manager.py', lines: { sufficient: 549, selected: 612, filtered: 730, weighed: 752, skip: 458, claim: 1345, unable: 485 } },
};

/** hardware.get_cpu_policy_constraint: the flavor's hw:cpu_policy, else the image's hw_cpu_policy. */
function cpuPolicy(spec: RequestSpec): string {
  return spec.flavor.extra_specs['hw:cpu_policy'] ?? spec.image.properties?.hw_cpu_policy ?? 'shared';
}

/**
 * What placement is asked for (Nova's ResourceRequest.from_request_spec); zero amounts are left
 * out. A volume-backed root disk is not local disk. A dedicated CPU policy asks for PCPU instead
 * of VCPU (_translate_pinning_policies), one more with hw:emulator_threads_policy=isolate; the
 * translation is logged at DEBUG by nova.scheduler.utils when `log` is given.
 */
export function resourcesFromSpec(spec: RequestSpec, log?: OsloLogger, ctx?: RequestContext): Resources {
  const f = spec.flavor;
  const dedicated = cpuPolicy(spec) === 'dedicated';
  let pcpus = 0;
  if (dedicated) {
    pcpus = f.vcpus;
    log?.debug(ctx ?? null, null, `Translating request for VCPU=${pcpus} to VCPU=0,PCPU=${pcpus}`, { func: '_translate_pinning_policies', file: 'scheduler/utils.py', line: 388 });
    if (f.extra_specs['hw:emulator_threads_policy'] === 'isolate') {
      pcpus += 1;
      log?.debug(ctx ?? null, null, 'Adding additional PCPU to account for emulator threads', { func: '_translate_pinning_policies', file: 'scheduler/utils.py', line: 414 });
    }
  }
  const all: Resources = {
    VCPU: dedicated ? 0 : f.vcpus, PCPU: pcpus, MEMORY_MB: f.memory_mb,
    DISK_GB: (spec.is_bfv ? 0 : f.root_gb) + f.ephemeral_gb + Math.ceil(f.swap / 1024),
  };
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0));
}

export class SchedulerManager {
  private readonly hostManager: HostManager;
  private readonly filters: HostFilter[];
  private readonly weighers: HostWeigher[];
  private readonly log: OsloLogger;
  private readonly fs: OsloLogger;
  private readonly utilsLog: OsloLogger;
  private readonly release: Release;
  private readonly src: (typeof SOURCE)[Release];

  constructor(private readonly db: Db, private readonly cfg: StackConfig, private readonly rootLog: OsloLogger, private readonly placement: PlacementClient) {
    this.hostManager = new HostManager(db, cfg, rootLog);
    this.filters = filtersByName(cfg.scheduler.filters);
    this.weighers = weighersByName(cfg.scheduler.weighers);
    this.release = releaseOf(cfg);
    this.src = SOURCE[this.release];
    this.log = rootLog.child('nova.scheduler.manager');
    this.fs = rootLog.child(this.src.logger);
    this.utilsLog = rootLog.child('nova.scheduler.utils');
  }

  private at(func: string, key: string) {
    return { func, file: this.src.file, line: this.src.lines[key] };
  }

  /** The selected host first, then up to max_attempts - 1 alternates (current release only). */
  async selectDestinations(ctx: RequestContext, spec: RequestSpec): Promise<Selection[]> {
    const uuid = spec.instance_uuid;
    this.log.debug(ctx, null, `Starting to schedule for instances: ['${uuid}']`, { func: 'select_destinations', file: 'scheduler/manager.py', line: this.release === 'current' ? 197 : 113 });
    const current = this.release === 'current';
    const resources = resourcesFromSpec(spec, this.utilsLog, ctx);
    let query: Parameters<PlacementClient['getAllocationCandidates']>[1] = resources;
    if (current) {
      const rr = resourceRequest(resources, MAX_PLACEMENT_RESULTS);
      processRequestSpec({ db: this.db, log: this.rootLog.child('nova.scheduler.request_filter'), ctx, imageTypeSupport: !!this.cfg.scheduler.imageTypeSupport }, spec, rr);
      const dest = spec.requested_destination;
      if (dest && (dest.host || dest.node)) {
        // resources_from_request_spec: the compute nodes of the requested host and/or node; one of
        // them is the only tree asked for (and completes the destination: a boot may name only one
        // of the two); several (a host without a node) are all candidates.
        const nodes = this.db.prepare('SELECT uuid, host, hypervisor_hostname FROM compute_nodes WHERE (@host IS NULL OR host = @host) AND (@node IS NULL OR hypervisor_hostname = @node)')
          .all({ host: dest.host ?? null, node: dest.node ?? null }) as { uuid: string; host: string; hypervisor_hostname: string }[];
        if (!nodes.length) throw new ExpectedError('NoValidHost', `No valid host was found. No such host - host: ${dest.host ?? 'None'} node: ${dest.node ?? 'None'} `);
        if (nodes.length === 1) {
          [dest.host, dest.node] = [nodes[0].host, nodes[0].hypervisor_hostname];
          rr.inTree = nodes[0].uuid;
        }
      }
      query = rr;
    }
    const candidates = await this.placement.getAllocationCandidates(ctx, query);
    if (candidates === null && !current) throw new ExpectedError('NoValidHost', 'No valid host was found. ');
    const byProvider = new Map<string, AllocationRequest[]>();
    for (const ar of candidates?.allocation_requests ?? []) {
      for (const rp of Object.keys(ar.allocations)) byProvider.set(rp, [...(byProvider.get(rp) ?? []), ar]);
    }
    if (byProvider.size === 0) {
      // Since Pike an empty answer ends the request before any filter runs: Pike and Queens noted
      // it at DEBUG (nothing at INFO says why), Rocky and later at INFO.
      if (current) this.log.info(ctx, null, 'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.');
      else {
        this.log.debug(ctx, null, 'Got no allocation candidates from the Placement API. This may be a temporary occurrence as compute nodes start up and begin reporting inventory to the Placement service.',
          { func: 'select_destinations', file: 'scheduler/manager.py', line: 134 });
      }
      throw new ExpectedError('NoValidHost', 'No valid host was found. ');
    }
    const hosts = this.hostManager.hostStates(ctx).filter((h) => byProvider.has(h.uuid));
    const req: FilterRequest = {
      spec, ctx, log: this.rootLog, group: this.hostManager.serverGroup(spec), triedHosts: this.hostManager.triedHosts(spec.retry?.hosts ?? []),
    };
    const sorted = this.sortedHosts(hosts, req);
    const chosen = await this.claimOnFirst(sorted, byProvider, ctx, spec);
    if (!chosen) {
      this.fs.debug(ctx, null, 'There are 0 hosts available but 1 instances requested to build.', this.at('_ensure_sufficient_hosts', 'sufficient'));
      throw new ExpectedError('NoValidHost', NO_VALID_HOST);
    }
    this.fs.debug(ctx, uuid, `Selected host: ${hostStateRepr(chosen.host)}`, this.at('_consume_selected_host', 'selected'));
    const selected: Selection = { host: chosen.host.host, nodename: chosen.host.nodename, limits: hostLimits(chosen.host), allocation_request: current ? chosen.request : undefined };
    consumeFromRequest(chosen.host, spec.flavor, uuid);
    if (!current) return [selected];
    return [selected, ...this.alternates(sorted, chosen.host, byProvider)];
  }

  /** Other hosts that passed, each with its first allocation request (not claimed). */
  private alternates(sorted: HostState[], chosen: HostState, byProvider: Map<string, AllocationRequest[]>): Selection[] {
    const out: Selection[] = [];
    for (const h of sorted) {
      if (out.length >= this.cfg.scheduler.maxAttempts - 1) break;
      const ar = byProvider.get(h.uuid)?.[0];
      if (h === chosen || !ar) continue;
      out.push({ host: h.host, nodename: h.nodename, limits: hostLimits(h), allocation_request: ar });
    }
    return out;
  }

  /** Filters (unless the request forces a host) and weighs; best host first. */
  private sortedHosts(hosts: HostState[], req: FilterRequest): HostState[] {
    const forced = req.spec.scheduler_hints?.force_host;
    const ignore = req.spec.ignore_hosts ?? [];
    const dest = req.spec.requested_destination;
    // A destination with no host (a node that named several) leaves every host to the filters.
    if (dest?.host) {
      hosts = hosts.filter((h) => h.host === dest.host && (!dest.node || h.nodename === dest.node));
      this.rootLog.child('nova.scheduler.host_manager').info(req.ctx, null, hosts.length
        ? `Host filter only checking host ${dest.host} and node ${dest.node ?? 'None'}`
        : `No hosts matched due to not matching requested destination (${dest.host}, ${dest.node ?? 'None'})`);
    }
    if (ignore.length) {
      const ignored = hosts.filter((h) => ignore.includes(h.host));
      this.rootLog.child('nova.scheduler.host_manager').info(req.ctx, null, `Host filter ignoring hosts: ${ignored.map((h) => h.host).join(', ')}`);
      hosts = hosts.filter((h) => !ignore.includes(h.host));
    }
    let filtered: HostState[];
    if (forced) {
      // As in Nova, a forced host skips the filters.
      filtered = hosts.filter((h) => h.host.toLowerCase() === forced.toLowerCase());
      this.rootLog.child('nova.scheduler.host_manager').info(req.ctx, null, filtered.length
        ? `Host filter forcing available hosts to ${filtered.map((h) => h.host).join(', ')}`
        : `No hosts matched due to not matching 'force_hosts' value of '${forced}'`);
    } else {
      filtered = runFilters(this.filters, hosts, req, this.release).hosts;
    }
    this.fs.debug(req.ctx, null, `Filtered [${filtered.map(hostStateRepr).join(', ')}]`, this.at('_get_sorted_hosts', 'filtered'));
    if (filtered.length === 0) return [];
    return weighAndLog(this.weighers, filtered, this.rootLog, req.ctx, { logger: this.src.logger, file: this.src.file, line: this.src.lines.weighed }, req.group).map((w) => w.host);
  }

  private async claimOnFirst(sorted: HostState[], byProvider: Map<string, AllocationRequest[]>, ctx: RequestContext, spec: RequestSpec): Promise<{ host: HostState; request: AllocationRequest } | null> {
    for (const host of sorted) {
      const requests = byProvider.get(host.uuid);
      if (!requests) {
        this.fs.debug(ctx, null, `A host state with uuid = '${host.uuid}' that did not have a matching allocation_request was encountered while scheduling. This host was skipped.`,
          this.at('_schedule', 'skip'));
        continue;
      }
      const claimLog = this.release === 'current' ? this.rootLog.child('nova.scheduler.utils') : this.fs;
      claimLog.debug(ctx, null, `Attempting to claim resources in the placement API for instance ${spec.instance_uuid}`,
        this.release === 'current' ? { func: 'claim_resources', file: 'scheduler/utils.py', line: 1345 } : this.at('_claim_resources', 'claim'));
      const claim = await this.placement.claimResources(ctx, spec.instance_uuid, requests[0], spec.project_id, spec.user_id);
      if (claim.claimed) return { host, request: requests[0] };
    }
    if (sorted.length > 0) this.fs.debug(ctx, null, 'Unable to successfully claim against any host.', this.at('_schedule', 'unable'));
    return null;
  }
}
