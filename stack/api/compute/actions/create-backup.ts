// createBackup: a snapshot whose image is typed `backup` with the caller's backup_type, after
// which the host keeps only the newest `rotation` backups of that type. The image record is
// created here with the caller's token (image_type backup, backup_type and the request's
// metadata as properties), the task state set to image_backup, the action recorded and
// backup_instance cast to the host. 202 with a Location header (the image under the compute
// API, only when rotation > 0) before 2.45, {image_id} from 2.45 on. Volume-backed servers cannot be backed up (400).

import { badRequest } from '../../http/api-error.js';
import { json, type ApiReply } from '../../http/reply.js';
import { isSupported } from '../microversion.js';
import { recordAction, updateInstance, type InstanceRow } from '../instances.js';
import { invalid, objectValue, pyRepr, type ActionSpec, type Arg } from './action-spec.js';
import { checkImageName, checkMetadata, createSnapshotImage } from './create-image.js';

/** parameter_types.non_negative_integer: an integer, or a string of digits. */
function checkRotation(key: string, arg: Arg): number {
  const v = arg.rotation;
  if (v === undefined) throw invalid(key, arg, "'rotation' is a required property");
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (v < 0) throw invalid('rotation', v, `${v} is less than the minimum of 0`);
    return v;
  }
  if (typeof v !== 'string') throw invalid('rotation', v, `${pyRepr(v)} is not of type 'integer', 'string'`);
  if (!/^[0-9]*$/.test(v)) throw invalid('rotation', v, `'${v}' does not match '^[0-9]*$'`);
  if (v.length < 1) throw invalid('rotation', v, "'' is too short");
  return Number(v);
}

function checkBackupType(key: string, arg: Arg): string {
  const v = arg.backup_type;
  if (v === undefined) throw invalid(key, arg, "'backup_type' is a required property");
  if (typeof v !== 'string') throw invalid('backup_type', v, `${pyRepr(v)} is not of type 'string'`);
  return v;
}

/** compute_utils.is_volume_backed_instance: no image, or a root disk on a volume. */
function volumeBacked(inst: InstanceRow): boolean {
  if (!inst.image_ref) return true;
  const spec = JSON.parse((inst as unknown as { request_spec?: string }).request_spec ?? '{}') as { is_bfv?: boolean };
  return spec.is_bfv === true;
}

export const CREATE_BACKUP_ACTIONS: Record<string, ActionSpec> = {
  createBackup: {
    calls: 'create_backup.CreateBackupController._create_backup', name: 'createBackup', needsHost: true,
    vmStates: ['active', 'stopped', 'paused', 'suspended'], taskStates: [null],
    policy: { action: 'os_compute_api:os-create-backup', rule: 'project_member_or_admin' },
    parse: (value) => {
      const arg = objectValue('createBackup', value, ['name', 'backup_type', 'rotation', 'metadata']);
      checkImageName('createBackup', arg);
      checkBackupType('createBackup', arg);
      checkRotation('createBackup', arg);
      checkMetadata('metadata', arg.metadata);
      return arg;
    },
    run: async (deps, req, inst, arg): Promise<ApiReply> => {
      const backupType = String(arg.backup_type);
      const rotation = checkRotation('createBackup', arg);
      if (volumeBacked(inst)) {
        deps.logs.nova.child('nova.compute.api').info(req.ctx, inst.uuid, "It's not supported to backup volume backed instance.");
        throw badRequest('Backup is not supported for volume-backed instances.');
      }
      const props = { ...checkMetadata('metadata', arg.metadata), backup_type: backupType };
      const imageId = await createSnapshotImage(deps, req, inst, String(arg.name).trim(), props, 'backup');
      updateInstance(deps.db, inst.uuid, { task_state: 'image_backup' });
      recordAction(deps.db, req.ctx, inst.uuid, 'createBackup');
      await deps.actions.cast(req.ctx, inst.host, 'backup_instance', { uuid: inst.uuid, image_id: imageId, backup_type: backupType, rotation });
      if (isSupported(req, '2.45')) return json(202, { image_id: imageId });
      return { status: 202, headers: rotation > 0 ? { Location: `${deps.baseUrl}/compute/v2.1/images/${imageId}` } : {} };
    },
  },
};
