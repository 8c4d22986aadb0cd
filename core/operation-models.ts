// The stages of the operations other than a boot, as data: for each operation, its stages in
// the order Nova runs them (a record goes to the first stage whose service and message match;
// a compute line that names no stage stays in the stage its host is in), what proves a stage
// completed, what proves the whole operation completed, and the lines that say it failed.
// Every message is Nova's own (nova/compute/manager.py, nova/virt/libvirt/driver.py,
// nova/scheduler/utils.py); the examples are checked by test/core/operation-models.test.ts.

export interface OperationStageRule {
  stage: string;
  service: string;
  /** Absent: every line of the service not taken by an earlier rule. */
  message?: RegExp;
  /** A line of this stage that proves it completed. */
  done?: RegExp;
  /** For a move: whether this stage runs on the server's source host or its destination. */
  role?: 'source' | 'destination';
}

export interface OperationFailure {
  message: RegExp;
  probableCause: string;
  nextCheck: string;
}

export interface OperationModel {
  /** Operation names (core/operations.ts) this model traces. */
  operations: readonly string[];
  stages: readonly OperationStageRule[];
  /** A line that proves the operation completed. */
  completed: RegExp;
  /** Lines that say it failed, whatever their level; any ERROR line also does. */
  failures: readonly OperationFailure[];
  /** Captures the destination host, for operations that move the server. */
  destination?: readonly RegExp[];
  /** `line` (the message) must land in `stage`; `completes`/`fails` say what else it proves. */
  examples: readonly { service: string; message: string; stage: string; completes?: boolean; fails?: boolean }[];
}

const API = { stage: 'api.accepted', service: 'api', done: /" status: 2\d\d/ } as const;
const SCHEDULER = { stage: 'scheduler.select_destinations', service: 'scheduler', done: /^Selected host|^Choosing host|^Weighed / } as const;
const PLACEMENT = { stage: 'placement.allocations', service: 'placement', done: /" status: 20\d/ } as const;
/** The conductor's answer when a task it runs fails: scheduler_utils.set_vm_state_and_notify. */
const CONDUCTOR_GAVE_UP = (method: string): OperationFailure => ({
  message: new RegExp(`^Failed to compute_task_${method}: `),
  probableCause: `the conductor gave up the ${method.replace(/_/g, ' ')} task (no valid host, a pre-check failed, or a service did not answer); the server was put back in its previous state`,
  nextCheck: "the reason after 'Failed to compute_task_…:' below; for NoValidHost the destination's capacity and 'openstack compute service list'",
});
const ERROR_STATE: OperationFailure = {
  message: /^Setting instance vm_state to ERROR/,
  probableCause: 'the compute host hit an exception during the operation and set the server to ERROR',
  nextCheck: "the traceback below; 'openstack server show' (fault) and 'openstack server event show' for the action",
};

const LIVE_MIGRATION: OperationModel = {
  operations: ['live-migration'],
  stages: [
    API,
    { stage: 'conductor.live_migrate', service: 'conductor' },
    SCHEDULER,
    PLACEMENT,
    { stage: 'compute.check_destination', service: 'compute', role: 'destination', message: /^Instance launched has CPU info|check_can_live_migrate_destination|_compare_cpu|^Destination was ready for NUMA live migration|^destination check data is/ },
    { stage: 'compute.check_source', service: 'compute', role: 'source', message: /check_can_live_migrate_source|^source check data is/ },
    // Both hosts log here: the destination prepares, the source times it ("Took N seconds for pre_live_migration on destination host X").
    { stage: 'compute.pre_live_migration', service: 'compute', message: /pre_live_migration|^Pre live migration failed|^Failed waiting for network virtual interfaces|^Plugging VIFs .*before live migration/, done: /^Took [\d.]+ seconds for pre_live_migration/ },
    { stage: 'compute.migration', service: 'compute', role: 'source', message: /^Migration running for|^Migration operation (has|was|thread)|^Live Migration failure|^Live migration failed|^Starting monitoring of live migration|^Operation thread is still running|^Migration \S+ failed to submit|^Error monitoring migration|^Failed to abort migration|^live_migration data is|^Live migration monitoring is all done/, done: /^Migration operation has completed/ },
    { stage: 'compute.post_at_destination', service: 'compute', role: 'destination', message: /^Post operation of migration started|^Unexpected error during post live migration at destination/ },
    { stage: 'compute.post_live_migration', service: 'compute', role: 'source', message: /_post_live_migration\(\) is started|^Migrating instance to \S+ finished successfully|^You may see the error "libvirt: QEMU error|^Post live migration at destination \S+ failed|^Network cleanup failed for source host|^Live migration ended with no migrate_data/, done: /finished successfully/ },
  ],
  completed: /^Migrating instance to \S+ finished successfully/,
  failures: [
    CONDUCTOR_GAVE_UP('migrate_server'),
    { message: /^Live Migration failure: |^Migration operation has aborted|^Live migration failed/, probableCause: 'the hypervisor could not move the guest (libvirt could not reach the destination, the migration timed out or was aborted)', nextCheck: "the libvirt error below; on both hosts 'virsh -c qemu+tcp://<dest>/system list', libvirtd's log, and the migration URI / TLS settings" },
    { message: /^Pre live migration failed|^Failed waiting for network virtual interfaces/, probableCause: 'the destination could not prepare the guest (volumes, networks or its VIFs were not plugged in time)', nextCheck: "the destination's nova-compute log and neutron's agent on the destination host" },
    { message: /^Post live migration at destination \S+ failed|^Unexpected error during post live migration at destination/, probableCause: 'the guest moved, but the destination failed to finish (network or volume set-up after the move)', nextCheck: "the destination's traceback; the server's ports' binding:host_id ('openstack port show')" },
  ],
  destination: [/"os-migrateLive": \{[^}]*"host": "([^"]+)"/, /^Going to try to live migrate instance to (?!another host)(\S+)/, /^Migrating instance to (\S+?)\.? finished successfully/],
  examples: [
    { service: 'compute', message: 'Instance launched has CPU info: {"vendor": "Intel", "model": "core2duo", "arch": "x86_64"}', stage: 'compute.check_destination' },
    { service: 'compute', message: 'destination check data is LibvirtLiveMigrateData(bdms=[],block_migration=True,disk_available_mb=<?>)', stage: 'compute.check_destination' },
    { service: 'compute', message: 'Plugging VIFs using destination host port bindings before live migration.', stage: 'compute.pre_live_migration' },
    { service: 'compute', message: 'Took 1.92 seconds for pre_live_migration on destination host cmp2.', stage: 'compute.pre_live_migration' },
    { service: 'compute', message: 'Migration running for 5 secs, memory 41% remaining (bytes processed=1084102323, remaining=438423552, total=1074012160); disk 100% remaining (bytes processed=0, remaining=0, total=0).', stage: 'compute.migration' },
    { service: 'compute', message: 'Migration operation has completed', stage: 'compute.migration' },
    { service: 'compute', message: 'Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tcp://cmp2/system: unable to connect to server at \'cmp2:16509\': Connection refused', stage: 'compute.migration', fails: true },
    { service: 'compute', message: 'Post operation of migration started', stage: 'compute.post_at_destination' },
    { service: 'compute', message: '_post_live_migration() is started..', stage: 'compute.post_live_migration' },
    { service: 'compute', message: 'Migrating instance to cmp2 finished successfully.', stage: 'compute.post_live_migration', completes: true },
    { service: 'conductor', message: 'Failed to compute_task_migrate_server: Migration pre-check error: Unable to migrate a18a5824: Disk of instance is too large(available on destination host:-6442450944 < need:1073741824)', stage: 'conductor.live_migrate', fails: true },
  ],
};

const RESIZE: OperationModel = {
  operations: ['resize', 'migrate'],
  stages: [
    API,
    { stage: 'conductor.migrate_server', service: 'conductor' },
    SCHEDULER,
    PLACEMENT,
    { stage: 'compute.prep_resize', service: 'compute', role: 'destination', message: /^Stashing vm_state|^Attempting claim|^Claim successful|^Migrating$|prep_resize|[Rr]esize claim|^Total (memory|disk|vcpu)|^(memory|disk|vcpu) limit|^Swapping old allocation/, done: /^Migrating$/ },
    { stage: 'compute.resize_instance', service: 'compute', role: 'source', message: /resize_instance|migrate_disk_and_power_off|^Instance shutdown successfully|^Instance destroyed successfully|^Instance already shutdown|failed to shutdown in|^Setting instance back to \S+ after: / },
    { stage: 'compute.finish_resize', service: 'compute', role: 'destination', message: /finish_resize|finish_migration|^Instance running successfully|^Creating image|^Preparing for snapshot based resize|^Finishing snapshot based resize/, done: /^Instance running successfully/ },
  ],
  completed: /^Instance running successfully\./,
  failures: [
    CONDUCTOR_GAVE_UP('migrate_server'), ERROR_STATE,
    { message: /^Setting instance back to \S+ after: /, probableCause: 'the move failed on a host and Nova rolled the server back to its state and host (the error follows "after:")', nextCheck: "the error after 'after:'; the source host's nova-compute log; 'openstack server migration list' for the migration in error" },
  ],
  examples: [
    { service: 'compute', message: 'Migrating', stage: 'compute.prep_resize' },
    { service: 'compute', message: 'Setting instance back to active after: Instance rollback performed due to: Resize error: not able to execute ssh command: Unexpected error while running command.', stage: 'compute.resize_instance', fails: true },
    { service: 'compute', message: 'Instance shutdown successfully after 3 seconds.', stage: 'compute.resize_instance' },
    { service: 'compute', message: 'Instance running successfully.', stage: 'compute.finish_resize', completes: true },
    { service: 'conductor', message: 'Failed to compute_task_migrate_server: No valid host was found. No valid host found for resize', stage: 'conductor.migrate_server', fails: true },
  ],
};

const REBUILD: OperationModel = {
  operations: ['rebuild', 'evacuate'],
  stages: [
    API,
    { stage: 'conductor.rebuild_instance', service: 'conductor' },
    SCHEDULER,
    PLACEMENT,
    { stage: 'compute.rebuild', service: 'compute', message: /^Evacuating instance|^Rebuilding instance|^disk (on shared storage|not on shared storage|on volume)|^Attempting claim|^Claim successful|^Instance destroyed successfully|^Creating image|^Instance spawned successfully|^Instance failed to spawn/, done: /^Instance spawned successfully/ },
  ],
  completed: /^Instance spawned successfully\./,
  failures: [CONDUCTOR_GAVE_UP('rebuild_server'), ERROR_STATE, { message: /^Instance failed to spawn/, probableCause: 'the hypervisor driver failed to create the guest again', nextCheck: "the traceback below; the image and the hypervisor on that host" }],
  examples: [
    { service: 'compute', message: 'Evacuating instance', stage: 'compute.rebuild' },
    { service: 'compute', message: 'disk on shared storage, evacuating using existing disk', stage: 'compute.rebuild' },
    { service: 'compute', message: 'Instance spawned successfully.', stage: 'compute.rebuild', completes: true },
  ],
};

const DELETE: OperationModel = {
  operations: ['delete'],
  stages: [
    API,
    { stage: 'compute.terminate', service: 'compute', message: /^Terminating instance|^Instance destroyed successfully|^Took [\d.]+ seconds to destroy the instance|^Deleting instance files|^Deletion of .* complete|^Instance disappeared during terminate|^Took [\d.]+ seconds to detach \d+ volumes/, done: /^Deletion of .* complete|^Took [\d.]+ seconds to destroy/ },
    { stage: 'compute.network', service: 'compute', message: /deallocate network|deallocate_for_instance|[Uu]nplug(ging|ged)? vif/, done: /^Took [\d.]+ seconds to deallocate network/ },
    PLACEMENT,
  ],
  completed: /^Took [\d.]+ seconds to deallocate network for instance|^Deletion of .* complete/,
  failures: [ERROR_STATE],
  examples: [
    { service: 'compute', message: 'Terminating instance', stage: 'compute.terminate' },
    { service: 'compute', message: 'Deletion of /var/lib/nova/instances/b9000564-fe1a-409b-b8cc-1e88b294cd1d_del complete', stage: 'compute.terminate', completes: true },
    { service: 'compute', message: 'Took 0.48 seconds to deallocate network for instance.', stage: 'compute.network', completes: true },
  ],
};

/** Nova's own lines about an external event (the API's and the compute host's): everything else under its id is another request's context. */
export const EVENT_LINES = /^(Received|Processing) (unexpected )?event |^No waiting events found dispatching |^Refreshing network info cache for port |^Updated VIF entry in instance network info cache|^Creating event |^Dropping event |^Event tag is missing|^Unable to find a host for instance .* Dropping event/;

/** An event delivery (network-vif-plugged, network-changed, volume-extended): the API casts it to the server's host. */
const EXTERNAL_EVENT: OperationModel = {
  operations: ['external-event'],
  stages: [
    { ...API, done: /^Creating event |" status: 2\d\d/ },
    { stage: 'compute.event', service: 'compute', message: EVENT_LINES, done: /^Processing event |^Received unexpected event |^No waiting events found dispatching |^Updated VIF entry/ },
  ],
  completed: /^Processing event |^Received unexpected event |^No waiting events found dispatching |^Updated VIF entry|^Creating event /,
  failures: [{
    message: /^Dropping event |^Event tag is missing|^Unable to find a host for instance/,
    probableCause: 'Nova dropped the event: the instance is unknown (deleted), has no host yet, or the event lacks its tag',
    nextCheck: "'openstack server show <uuid>' (host, task_state) at that time; the sender's log (neutron-server's nova notifier)",
  }, {
    // 'No instances found for any event' (404), worded in the API's language.
    message: /^HTTP exception thrown: |" status: 404 /,
    probableCause: 'the API refused the event: no instance it names exists any more (usual for the events neutron sends after a server was deleted) or the body was invalid',
    nextCheck: "whether the server named in the event was deleted just before ('openstack server event list', the API's DELETE); otherwise the sender's request body in its log",
  }],
  examples: [
    { service: 'api', message: 'Creating event network-vif-plugged:b6bc7c97-e164-43b0-b288-8e59e846cc5a for instance e5f28f72-d03c-4b1f-a695-2ad3a8553f6a on cmp1', stage: 'api.accepted', completes: true },
    { service: 'compute', message: 'Received event network-vif-plugged-b6bc7c97-e164-43b0-b288-8e59e846cc5a', stage: 'compute.event' },
    { service: 'compute', message: 'Processing event network-vif-plugged-b6bc7c97-e164-43b0-b288-8e59e846cc5a', stage: 'compute.event', completes: true },
  ],
};

/** A volume or a port the guest could not take or give back. */
const DEVICE_FAILED: OperationFailure = {
  message: /^Failed to attach \S+ at |^Driver failed to attach volume |^Failed to detach volume |^Guest refused to detach volume |^Failed to detach device |^attach interface failed |InterfaceAttachFailed|InterfaceDetachFailed/,
  probableCause: 'the device could not be attached to or detached from the guest: cinder or its backend refused the connection, os-brick could not connect the volume on the host, neutron could not bind the port, or the guest did not release the device',
  nextCheck: "the traceback below; 'openstack volume show <volume>' (status, attachments) and cinder-volume's log, or 'openstack port show <port>'; the host's iSCSI/RBD connectivity (os-brick lines) and libvirtd's log",
};
/** oslo.concurrency's DEBUG line when the compute's locked attach or detach returns. */
const LOCK_RELEASED = (fn: string) => new RegExp(`^Lock "[^"]+" "?released"? by "[^"]*\\b${fn}"`);

function deviceStep(operations: string[], stage: string, lines: RegExp, done: RegExp, examples: OperationModel['examples']): OperationModel {
  return {
    operations, stages: [API, { stage, service: 'compute', message: lines, done }], completed: done, failures: [DEVICE_FAILED, ERROR_STATE], examples,
  };
}

const VOLUME_ATTACH = deviceStep(['volume-attach'], 'compute.attach_volume',
  /^Attaching volume |^Failed to attach \S+ at |^Driver failed to attach volume |do_attach_volume|connect_volume/, LOCK_RELEASED('do_attach_volume'), [
    { service: 'compute', message: 'Attaching volume 0e6b3a7c-5d41-4f2a-9b8e-1c2d3e4f5a6b to /dev/vdb', stage: 'compute.attach_volume' },
    { service: 'compute', message: 'Lock "2f4e6a8c-0b1d-4c3e-9f5a-7b8c9d0e1f2a" "released" by "nova.compute.manager.ComputeManager.attach_volume.<locals>.do_attach_volume" :: held 2.314s', stage: 'compute.attach_volume', completes: true },
    { service: 'compute', message: 'Failed to attach 0e6b3a7c-5d41-4f2a-9b8e-1c2d3e4f5a6b at /dev/vdb', stage: 'compute.attach_volume', fails: true },
  ]);
const VOLUME_DETACH = deviceStep(['volume-detach'], 'compute.detach_volume',
  /^Detaching volume |^Attempting to driver detach volume |^Successfully detached device |^Failed to detach (volume|device) |^Guest refused to detach volume |do_detach_volume|disconnect_volume/,
  /^Successfully detached device \S+ from (instance \S+ from the live domain config|guest)/, [
    { service: 'compute', message: 'Detaching volume 0e6b3a7c-5d41-4f2a-9b8e-1c2d3e4f5a6b', stage: 'compute.detach_volume' },
    { service: 'compute', message: 'Successfully detached device vdb from instance 2f4e6a8c-0b1d-4c3e-9f5a-7b8c9d0e1f2a from the live domain config.', stage: 'compute.detach_volume', completes: true },
    { service: 'compute', message: 'Guest refused to detach volume 0e6b3a7c-5d41-4f2a-9b8e-1c2d3e4f5a6b', stage: 'compute.detach_volume', fails: true },
  ]);
const INTERFACE_ATTACH = deviceStep(['interface-attach'], 'compute.attach_interface',
  /attach interface|attach_interface|allocate_for_instance|^Attaching vif /, LOCK_RELEASED('do_attach_interface'), [
    { service: 'compute', message: 'attach interface failed , try to deallocate port 6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f, reason: Failed to attach network adapter device to 2f4e6a8c-0b1d-4c3e-9f5a-7b8c9d0e1f2a', stage: 'compute.attach_interface', fails: true },
  ]);
const INTERFACE_DETACH = deviceStep(['interface-detach'], 'compute.detach_interface',
  /detach interface|detach_interface|^Detaching vif |^Successfully detached device |^Failed to detach device /,
  /^Successfully detached device \S+ from (instance \S+ from the live domain config|guest)/, [
    { service: 'compute', message: 'Successfully detached device tap6c1d2e3f-4a from instance 2f4e6a8c-0b1d-4c3e-9f5a-7b8c9d0e1f2a from the live domain config.', stage: 'compute.detach_interface', completes: true },
  ]);

/** A one-step operation on one host: its compute lines, what proves it done. */
function oneStep(operations: string[], stage: string, lines: RegExp, done: RegExp, example: string, doneExample: string): OperationModel {
  return {
    operations,
    stages: [API, { stage, service: 'compute', message: lines, done }],
    completed: done,
    failures: [ERROR_STATE],
    examples: [{ service: 'compute', message: example, stage }, { service: 'compute', message: doneExample, stage, completes: true }],
  };
}

export const OPERATION_MODELS: readonly OperationModel[] = [
  LIVE_MIGRATION,
  RESIZE,
  REBUILD,
  DELETE,
  EXTERNAL_EVENT,
  VOLUME_ATTACH,
  VOLUME_DETACH,
  INTERFACE_ATTACH,
  INTERFACE_DETACH,
  oneStep(['reboot'], 'compute.reboot', /^Rebooting instance|rebooted successfully|^Instance shutdown successfully|^Instance destroyed successfully|^Instance may have been rebooted|^Cannot reboot instance|^Reboot failed/, /^Instance (soft )?rebooted successfully/, 'Rebooting instance', 'Instance rebooted successfully.'),
  oneStep(['stop'], 'compute.power_off', /^Stopping instance|^Instance shutdown successfully|^Instance already shutdown|^Instance destroyed successfully|failed to shutdown in/, /^Instance shutdown successfully|^Instance already shutdown|^Instance destroyed successfully/, 'Instance failed to shutdown in 60 seconds.', 'Instance shutdown successfully after 2 seconds.'),
  oneStep(['start'], 'compute.power_on', /^Starting instance$|^Instance rebooted successfully|^Instance running successfully|power_on/, /^Instance rebooted successfully|^Instance running successfully/, 'Starting instance', 'Instance rebooted successfully.'),
  oneStep(['snapshot'], 'compute.snapshot', /^instance snapshotting|^Beginning (live|cold) snapshot process|^Snapshot extracted|^Snapshot image upload complete|^Took [\d.]+ seconds to snapshot/, /^Snapshot image upload complete|^Took [\d.]+ seconds to snapshot/, 'instance snapshotting', 'Snapshot image upload complete'),
  oneStep(['shelve'], 'compute.shelve', /^Shelving|^Shelve offloading|^Beginning (live|cold) snapshot process|^Snapshot extracted|^Snapshot image upload complete|^Instance shutdown successfully|^Instance destroyed successfully/, /^Snapshot image upload complete/, 'Shelving', 'Snapshot image upload complete'),
  oneStep(['shelve-offload'], 'compute.shelve_offload', /^Shelve offloading|^Instance destroyed successfully|deallocate|unplug/i, /^Instance destroyed successfully/, 'Shelve offloading', 'Instance destroyed successfully.'),
  oneStep(['unshelve'], 'compute.unshelve', /^Unshelving|^Attempting claim|^Claim successful|^Creating image|^Instance spawned successfully|^Instance failed to spawn/, /^Instance spawned successfully/, 'Unshelving', 'Instance spawned successfully.'),
  oneStep(['pause'], 'compute.pause', /^Pausing|\(Lifecycle Event\)/, /^VM Paused \(Lifecycle Event\)/, 'Pausing', 'VM Paused (Lifecycle Event)'),
  oneStep(['unpause'], 'compute.unpause', /^Unpausing|\(Lifecycle Event\)/, /^VM Resumed \(Lifecycle Event\)/, 'Unpausing', 'VM Resumed (Lifecycle Event)'),
  oneStep(['suspend'], 'compute.suspend', /^Suspending|\(Lifecycle Event\)/, /^VM (Suspended|Stopped) \(Lifecycle Event\)/, 'Suspending', 'VM Suspended (Lifecycle Event)'),
  oneStep(['resume'], 'compute.resume', /^Resuming|\(Lifecycle Event\)|^Instance running successfully/, /^VM Resumed \(Lifecycle Event\)|^Instance running successfully/, 'Resuming', 'VM Resumed (Lifecycle Event)'),
];

/** Operations that move the server to another host: its source host may log them without the request id. */
export const MOVING_OPERATIONS: ReadonlySet<string> = new Set(['live-migration', 'resize', 'migrate', 'evacuate']);

export function modelOf(operation: string): OperationModel | null {
  return OPERATION_MODELS.find((m) => m.operations.includes(operation)) ?? null;
}

/** The stage a record goes to under `model`, or null when no rule names it. */
export function operationStageOf(model: OperationModel, service: string, message: string): string | null {
  for (const r of model.stages) {
    if (r.service !== service) continue;
    if (r.message && !r.message.test(message)) continue;
    return r.stage;
  }
  return null;
}
