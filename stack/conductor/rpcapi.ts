// Client side of the conductor's RPC API (topic `conductor`). Compute never touches the
// database: it asks the conductor through these calls, as in Nova.
import type { RequestContext } from '../common/request-context.js';
import type { BlockDeviceMapping, Flavor, InstanceRecord, RequestSpec, Selection } from '../common/objects.js';
import type { RpcClient } from '../rpc/rpc-client.js';

export const CONDUCTOR_TOPIC = 'conductor';
export const CONDUCTOR_API_VERSION = '1.0';

export const CONDUCTOR_METHODS = [
  'schedule_and_build_instances', 'build_instances', 'instance_update', 'instance_get', 'action_event_start',
  'action_event_finish', 'service_report', 'compute_node_update', 'instance_fault_create', 'instance_destroy',
  'instances_on_host', 'instances_get_by_uuids', 'bdm_get_by_instance', 'bdm_update', 'bdm_create', 'bdm_destroy',
] as const;
export type ConductorMethod = (typeof CONDUCTOR_METHODS)[number];

/** A block device row as compute sees it. */
export interface VolumeBdm extends BlockDeviceMapping { id: number; instance_uuid: string; attachment_id: string | null; connection_info: string | null }

export class ConductorAPI {
  constructor(private readonly rpc: RpcClient) {}

  private call<T>(ctx: RequestContext, method: ConductorMethod, args: Record<string, unknown>): Promise<T> {
    return this.rpc.call<T>(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, method, ctx, args);
  }

  private cast(ctx: RequestContext, method: ConductorMethod, args: Record<string, unknown>): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, method, ctx, args);
  }

  /** From the API: schedule and build a new instance (cast). */
  scheduleAndBuildInstances(ctx: RequestContext, requestSpec: RequestSpec): Promise<void> {
    return this.cast(ctx, 'schedule_and_build_instances', { request_spec: requestSpec });
  }

  /** From compute after a build failure: reschedule elsewhere (cast), on `hostList`'s alternates when given. */
  buildInstances(ctx: RequestContext, requestSpec: RequestSpec, lastHost: string, error: { excClass: string; message: string; traceback: string[] }, hostList?: Selection[]): Promise<void> {
    return this.cast(ctx, 'build_instances', { request_spec: requestSpec, last_host: lastHost, error, ...(hostList ? { host_list: hostList } : {}) });
  }

  /** Instance.save; with `expectedTaskState` it fails (UnexpectedTaskStateError) unless task_state is one of them. */
  instanceUpdate(ctx: RequestContext, uuid: string, updates: Partial<InstanceRecord> & Record<string, unknown>, expectedTaskState?: (string | null)[]): Promise<InstanceRecord> {
    return this.call(ctx, 'instance_update', { uuid, updates, ...(expectedTaskState ? { expected_task_state: expectedTaskState } : {}) });
  }

  instanceGet(ctx: RequestContext, uuid: string): Promise<InstanceRecord | null> {
    return this.call(ctx, 'instance_get', { uuid });
  }

  /** Instances by uuid, deleted ones included (compute's start-up and resource audit). */
  instancesGetByUuids(ctx: RequestContext, uuids: string[]): Promise<(InstanceRecord & { deleted_at: string | null })[]> {
    return this.call(ctx, 'instances_get_by_uuids', { uuids });
  }

  /** Every instance of a host that is not deleted, with its flavor (init_host, the resource audit). */
  instancesOnHost(ctx: RequestContext, host: string): Promise<{ instance: InstanceRecord; flavor: Flavor }[]> {
    return this.call(ctx, 'instances_on_host', { host });
  }

  instanceDestroy(ctx: RequestContext, uuid: string): Promise<void> {
    return this.call(ctx, 'instance_destroy', { uuid });
  }

  actionEventStart(ctx: RequestContext, uuid: string, event: string, host: string): Promise<void> {
    return this.call(ctx, 'action_event_start', { uuid, event, host });
  }

  actionEventFinish(ctx: RequestContext, uuid: string, event: string, host: string, result: 'Success' | 'Error', traceback: string | null): Promise<void> {
    return this.call(ctx, 'action_event_finish', { uuid, event, host, result, traceback });
  }

  instanceFaultCreate(ctx: RequestContext, uuid: string, code: number, message: string, details: string, host: string | null): Promise<void> {
    return this.call(ctx, 'instance_fault_create', { uuid, code, message, details, host });
  }

  /** The instance's volume block devices (BlockDeviceMappingList.get_by_instance_uuid). */
  bdmGetByInstance(ctx: RequestContext, uuid: string): Promise<VolumeBdm[]> {
    return this.call(ctx, 'bdm_get_by_instance', { uuid });
  }

  /** BlockDeviceMapping.save() of the mapping with `id`: the volume compute made, its attachment. */
  bdmUpdate(ctx: RequestContext, id: number, updates: Partial<Pick<VolumeBdm, 'volume_id' | 'attachment_id' | 'device_name' | 'connection_info' | 'volume_size'>>): Promise<void> {
    return this.call(ctx, 'bdm_update', { id, updates });
  }

  /** BlockDeviceMapping.create() of a volume attached to a running instance (reserve_block_device_name); the new row. */
  bdmCreate(ctx: RequestContext, bdm: Omit<VolumeBdm, 'id' | 'attachment_id' | 'connection_info'>): Promise<VolumeBdm> {
    return this.call(ctx, 'bdm_create', { bdm });
  }

  /** BlockDeviceMapping.destroy() (a detach, or an attach rolled back). */
  bdmDestroy(ctx: RequestContext, id: number): Promise<void> {
    return this.call(ctx, 'bdm_destroy', { id });
  }

  /** Heartbeat of a service (report_state). */
  serviceReport(ctx: RequestContext, host: string, binary: string, topic: string): Promise<{ disabled: boolean }> {
    return this.call(ctx, 'service_report', { host, binary, topic });
  }

  computeNodeUpdate(ctx: RequestContext, host: string, resources: { uuid: string; vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number; numa_topology?: string | null }): Promise<void> {
    return this.call(ctx, 'compute_node_update', { host, resources });
  }
}
