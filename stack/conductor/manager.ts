// The conductor's server side (topic `conductor`): schedules new instances, casts builds to
// compute hosts with the scheduler's alternates, reschedules failed builds on the next
// alternate (current release) or through the scheduler again (legacy), and is compute's only
// way to the database. NoValidHost and the retry limit are protocol outcomes: logged as Nova
// logs them (nova.scheduler.utils warnings), the instance set to ERROR with a fault.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { RequestSpec, Selection } from '../common/objects.js';
import { releaseOf } from '../common/release.js';
import type { StackConfig } from '../common/stack-config.js';
import type { PlacementClient } from '../placement/placement-client.js';
import { ComputeAPI } from '../compute/rpcapi.js';
import { TRACEBACK_FRAMES, tracebackOf } from '../compute/traceback-frames.js';
import { SchedulerAPI } from '../scheduler/rpcapi.js';
import { ExpectedError, MessagingTimeout } from '../rpc/messaging-errors.js';
import type { Handler } from '../rpc/rpc-server.js';
import type { InstanceDb } from './instance-db.js';
import { BuildOwnership } from './build-audit.js';
import type { ConductorMethod } from './rpcapi.js';
import { alternatesRepr, claimNextAlternate, MaxRetriesExceeded, populateRetry, type BuildError } from './reschedule.js';
import { CONTROLLER_HOST } from '../common/db-heartbeat.js';

const BUILD_EVENT = 'conductor_schedule_and_build_instances';
const RETRY_EVENT = 'conductor_build_instances';


export class ConductorManager {
  private readonly log: OsloLogger;
  private readonly utilsLog: OsloLogger;
  /** The builds this conductor is working on (the stack's build audit leaves them alone). */
  readonly owned = new BuildOwnership();

  constructor(
    private readonly cfg: StackConfig,
    rootLog: OsloLogger,
    private readonly db: InstanceDb,
    private readonly scheduler: SchedulerAPI,
    private readonly compute: ComputeAPI,
    private readonly placement: PlacementClient,
    /** HostMapping.get_by_host: whether the host was discovered into a cell (nova-manage cell_v2 discover_hosts). */
    private readonly hostMapped: (host: string) => boolean = () => true,
  ) {
    this.log = rootLog.child('nova.conductor.manager');
    this.utilsLog = rootLog.child('nova.scheduler.utils');
  }

  /** Set the instance to ERROR with a fault, as scheduler_utils.set_vm_state_and_notify does. */
  private setError(ctx: RequestContext, spec: RequestSpec, reason: string, details: string, event: string): void {
    const uuid = spec.instance_uuid;
    this.utilsLog.warning(ctx, null, `Failed to compute_task_build_instances: ${reason}`);
    this.utilsLog.warning(ctx, uuid, 'Setting instance to ERROR state.');
    // Buried in cell0, then destroyed at once when its build request is gone (deleted meanwhile).
    if (!this.db.get(uuid)) return;
    this.db.update(uuid, { vm_state: 'error', task_state: null });
    this.db.fault(uuid, 500, reason, details, null);
    this.db.eventFinish(uuid, ctx.requestId, event, 'Error', details);
  }

  private async scheduleAndCast(ctx: RequestContext, spec: RequestSpec, event: string): Promise<void> {
    const uuid = spec.instance_uuid;
    const row = this.db.get(uuid);
    // The stack's build audit gave this build up while its message was still queued.
    if (row && row.vm_state !== 'building') return;
    const current = releaseOf(this.cfg) === 'current';
    let hostList: Selection[];
    spec.retry.num_attempts += 1;
    try {
      hostList = await this.scheduler.selectDestinations(ctx, spec);
    } catch (e) {
      const expected = e instanceof ExpectedError && e.excClass === 'NoValidHost';
      if (expected && !current) {
        this.setError(ctx, spec, e.message, `NoValidHost: ${e.message}`, event);
        return;
      }
      const err = e as Error;
      const cls = e instanceof MessagingTimeout ? 'oslo_messaging.exceptions.MessagingTimeout'
        : expected ? 'nova.exception_Remote.NoValidHost_Remote' : e instanceof ExpectedError ? e.excClass : err.name;
      // oslo.log appends the exception being handled to a line logged inside the except block;
      // a NoValidHost carries the scheduler's frames in its remote traceback.
      const chain = TRACEBACK_FRAMES[expected ? 'conductorNoValidHost' : 'conductorSchedule'];
      this.log.exception(ctx, null, `Failed to schedule instances${current ? `: ${cls}: ${err.message}` : `: ${cls.split('.').pop()}: ${err.message}`}`,
        tracebackOf(chain, `${cls}: ${err.message}`));
      this.setError(ctx, spec, err.message, `${cls.split('.').pop()!.replace(/_Remote$/, '')}: ${err.message}`, event);
      return;
    }
    const selection = hostList.shift()!;
    if (event === BUILD_EVENT && !this.hostMapped(selection.host)) {
      // schedule_and_build_instances: the chosen host belongs to no cell; the instance is buried in cell0.
      this.log.error(ctx, null, `No host-to-cell mapping found for selected host ${selection.host}. Setup is incomplete.`);
      const reason = `Host '${selection.host}' is not mapped to any cell`;
      this.setError(ctx, spec, reason, `HostMappingNotFound: ${reason}`, event);
      return;
    }
    if (!this.db.get(uuid)) {
      // Deleted by its owner while it was scheduled (the API destroyed the build request): no
      // instance is created, and the allocation the scheduler claimed goes (force=True).
      this.log.debug(ctx, uuid, 'While scheduling instance, the build request was already deleted.', { func: 'schedule_and_build_instances', file: 'conductor/manager.py', line: 1718 });
      await this.placement.deleteAllocations(ctx, uuid).catch(() => undefined);
      return;
    }
    if (current) {
      this.log.debug(ctx, uuid, `Selected host: ${selection.host}; Selected node: ${selection.nodename}; Alternates: ${alternatesRepr(hostList)}`,
        { func: 'schedule_and_build_instances', file: 'conductor/manager.py', line: 1700 });
    }
    await this.cast(ctx, spec, selection, current ? hostList : undefined, event);
  }

  private async cast(ctx: RequestContext, spec: RequestSpec, selection: Selection, hostList: Selection[] | undefined, event: string): Promise<void> {
    const uuid = spec.instance_uuid;
    // As in Nova, instance.host is the compute's to set (its claim); task_state leaves 'scheduling'
    // here so that the stack's build audit knows the build was handed to a compute host.
    this.db.update(uuid, { task_state: null });
    this.log.debug(ctx, uuid, `Casting build_and_run_instance to compute.${selection.host}`, { func: 'schedule_and_build_instances', file: 'conductor/manager.py', line: 1712 });
    this.db.eventFinish(uuid, ctx.requestId, event, 'Success', null);
    await this.compute.buildAndRunInstance(ctx, selection.host, spec, selection, hostList);
  }

  /** Current Nova's reschedule: the next alternate, claimed in placement, without the scheduler. */
  private async rescheduleOnAlternate(ctx: RequestContext, spec: RequestSpec, lastHost: string, error: BuildError, hostList: Selection[]): Promise<void> {
    const uuid = spec.instance_uuid;
    try {
      populateRetry(this.utilsLog, ctx, spec, this.cfg.scheduler.maxAttempts, lastHost, error);
      this.log.debug(ctx, null, 'Rescheduling: True', { func: 'build_instances', file: 'conductor/manager.py', line: 707 });
      spec.retry.hosts.push(lastHost);
      const next = await claimNextAlternate(this.utilsLog, this.placement, ctx, spec, hostList);
      this.log.debug(ctx, uuid, `Selected host: ${next.host}; Selected node: ${next.nodename}; Alternates: ${alternatesRepr(hostList)}`,
        { func: 'build_instances', file: 'conductor/manager.py', line: 848 });
      await this.cast(ctx, spec, next, hostList, RETRY_EVENT);
    } catch (e) {
      if (!(e instanceof MaxRetriesExceeded)) throw e;
      this.setError(ctx, spec, e.message, `MaxRetriesExceeded: ${e.message}`, RETRY_EVENT);
    }
  }

  private async buildInstances(ctx: RequestContext, args: Record<string, unknown>): Promise<void> {
    const spec = args.request_spec as RequestSpec;
    const lastHost = args.last_host as string;
    const error = args.error as BuildError;
    const uuid = spec.instance_uuid;
    this.db.eventStart(uuid, ctx.requestId, RETRY_EVENT, CONTROLLER_HOST);
    const hostList = args.host_list as Selection[] | undefined;
    if (hostList) {
      await this.rescheduleOnAlternate(ctx, spec, lastHost, error, hostList);
      return;
    }
    // Pre-Queens computes (and the legacy release) send no alternates: back to the scheduler.
    spec.retry.hosts.push(lastHost);
    if (spec.retry.num_attempts >= this.cfg.scheduler.maxAttempts) {
      const tb = ['Traceback (most recent call last):\n', ...error.traceback.map((l) => `${l}\n`), `${error.excClass}: ${error.message}\n`];
      this.utilsLog.error(ctx, uuid, `Error from last host: ${lastHost} (node ${lastHost}): ${JSON.stringify(tb).replace(/"/g, "'")}`);
      const reason = `Exceeded maximum number of retries. Exceeded max scheduling attempts ${this.cfg.scheduler.maxAttempts} for instance ${uuid}. Last exception: ${error.message}`;
      this.setError(ctx, spec, reason, `MaxRetriesExceeded: ${reason}`, RETRY_EVENT);
      return;
    }
    await this.scheduleAndCast(ctx, spec, RETRY_EVENT);
  }

  readonly handlers: Record<ConductorMethod, Handler> = {
    schedule_and_build_instances: (ctx, args) => {
      const spec = args.request_spec as RequestSpec;
      return this.owned.hold(spec.instance_uuid, async () => {
        this.db.eventStart(spec.instance_uuid, ctx.requestId, BUILD_EVENT, CONTROLLER_HOST);
        this.log.debug(ctx, spec.instance_uuid, 'Scheduling instance build', { func: 'schedule_and_build_instances', file: 'conductor/manager.py', line: 1547 });
        await this.scheduleAndCast(ctx, spec, BUILD_EVENT);
      });
    },
    build_instances: (ctx, args) => this.owned.hold((args.request_spec as RequestSpec).instance_uuid, () => this.buildInstances(ctx, args)),
    instance_update: (_ctx, args) => this.db.update(args.uuid as string, args.updates as Record<string, unknown>, args.expected_task_state as (string | null)[] | undefined),
    instance_get: (_ctx, args) => this.db.get(args.uuid as string),
    instance_destroy: (_ctx, args) => this.db.destroy(args.uuid as string),
    instances_on_host: (_ctx, args) => this.db.onHost(args.host as string),
    instances_get_by_uuids: (_ctx, args) => this.db.byUuids(args.uuids as string[]),
    bdm_get_by_instance: (_ctx, args) => this.db.bdmsOf(args.uuid as string),
    bdm_update: (_ctx, args) => this.db.bdmUpdate(args.id as number, args.updates as Record<string, unknown>),
    bdm_create: (_ctx, args) => this.db.bdmCreate(args.bdm as Parameters<InstanceDb['bdmCreate']>[0]),
    bdm_destroy: (_ctx, args) => this.db.bdmDestroy(args.id as number),
    action_event_start: (ctx, args) => this.db.eventStart(args.uuid as string, ctx.requestId, args.event as string, args.host as string),
    action_event_finish: (ctx, args) => this.db.eventFinish(args.uuid as string, ctx.requestId, args.event as string, args.result as string, (args.traceback as string | null) ?? null, (args.host as string | undefined) ?? null),
    instance_fault_create: (_ctx, args) => this.db.fault(args.uuid as string, args.code as number, args.message as string, args.details as string, (args.host as string | null) ?? null),
    service_report: (_ctx, args) => this.db.serviceReport(args.host as string, args.binary as string, args.topic as string),
    compute_node_update: (_ctx, args) => this.db.computeNodeUpdate(args.host as string, args.resources as Parameters<InstanceDb['computeNodeUpdate']>[1]),
  };
}
