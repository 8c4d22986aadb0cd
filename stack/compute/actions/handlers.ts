// The compute manager's handlers for the server actions that keep a server on its host,
// spread into manager.ts's table.

import type { Handler } from '../../rpc/rpc-server.js';
import type { BuildDeps } from '../build-instance.js';
import { getConsoleOutput, runGuestStep, setAdminPassword } from './guest-actions.js';
import { GUEST_STEPS } from './guest-steps.js';
import type { ActionMethod } from './rpcapi.js';
import { withInstanceEvent } from './instance-event.js';
import { snapshotInstance } from './snapshot.js';
import { backupInstance } from './backup.js';
import { restoreInstance, softDeleteInstance } from './soft-delete.js';
import { attachInterface, detachInterface } from './interfaces.js';
import { attachVolume, detachVolume, reserveBlockDeviceName, type ReserveArgs } from './volume-attach.js';
import { rebuildInstance } from './rebuild.js';
import { cacheImages } from './cache-images.js';
import { getHostUptime } from '../host-uptime.js';
import { getDiagnostics, getInstanceDiagnostics, type DiagnosticsArgs } from './diagnostics.js';
import { shelveInstance, shelveOffloadInstance, unshelveInstance } from './shelve.js';
import type { ImageMeta, RequestSpec, Selection } from '../../common/objects.js';

export function actionHandlers(d: BuildDeps): Partial<Record<ActionMethod, Handler>> {
  const steps = Object.fromEntries(GUEST_STEPS.map((s) => [s.method, (ctx, args) =>
    runGuestStep(d, ctx, args.uuid as string, s, args.rescue_password as string | undefined)] as [string, Handler]));
  return {
    ...steps,
    snapshot_instance: (ctx, args) => withInstanceEvent(d, ctx, args.uuid as string, 'snapshot_instance',
      () => snapshotInstance(d, ctx, args.uuid as string, args.image_id as string)),
    backup_instance: (ctx, args) => withInstanceEvent(d, ctx, args.uuid as string, 'backup_instance',
      () => backupInstance(d, ctx, args.uuid as string, args.image_id as string, args.backup_type as string, args.rotation as number)),
    shelve_instance: (ctx, args) => shelveInstance(d, ctx, args.uuid as string, args.image_id as string),
    shelve_offload_instance: (ctx, args) => shelveOffloadInstance(d, ctx, args.uuid as string),
    unshelve_instance: (ctx, args) => unshelveInstance(d, ctx, args.uuid as string, args.request_spec as RequestSpec, args.selection as Selection, args.image as ImageMeta),
    rebuild_instance: (ctx, args) => rebuildInstance(d, ctx, args.uuid as string, args.image as ImageMeta, args.new_pass as string, args.orig_vm_state as string),
    set_admin_password: (ctx, args) => setAdminPassword(d, ctx, args.uuid as string, args.new_pass as string),
    soft_delete_instance: (ctx, args) => softDeleteInstance(d, ctx, args.uuid as string),
    restore_instance: (ctx, args) => restoreInstance(d, ctx, args.uuid as string),
    attach_interface: (ctx, args) => attachInterface(d, ctx, args.uuid as string, args as unknown as Parameters<typeof attachInterface>[3]),
    detach_interface: (ctx, args) => detachInterface(d, ctx, args.uuid as string, args.port_id as string),
    reserve_block_device_name: (ctx, args) => reserveBlockDeviceName(d, ctx, args as unknown as ReserveArgs),
    attach_volume: (ctx, args) => attachVolume(d, ctx, args.uuid as string, args.volume_id as string),
    detach_volume: (ctx, args) => detachVolume(d, ctx, args.uuid as string, args.volume_id as string),
    // The fake driver's trigger_crash_dump does nothing; task and power state are left as they are.
    trigger_crash_dump: (ctx, args) => withInstanceEvent(d, ctx, args.uuid as string, 'trigger_crash_dump', async () => undefined),
    get_console_output: (ctx, args) => getConsoleOutput(d, ctx, args.uuid as string, (args.length as number | string | null) ?? null),
    get_diagnostics: (ctx, args) => getDiagnostics(d, ctx, args as unknown as DiagnosticsArgs),
    get_instance_diagnostics: (ctx, args) => getInstanceDiagnostics(d, ctx, args as unknown as DiagnosticsArgs),
    cache_images: (ctx, args) => cacheImages(d, ctx, args.image_ids as string[]),
    get_host_uptime: () => getHostUptime(),
  };
}
