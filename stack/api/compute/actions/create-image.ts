// createImage: the snapshot's image record is created in glance with the caller's token
// (compute_utils.create_image: the instance's image properties, image_type snapshot, private to
// the owner's project), the task state set to image_snapshot_pending, the action recorded and
// snapshot_instance cast to the host, which uploads the data. 202 with Location before 2.45,
// {image_id} from 2.45 on.

import { httpJson } from '../../../common/http-json.js';
import { apiUrl } from '../../../common/stack-config.js';
import { ApiError, badRequest } from '../../http/api-error.js';
import { json, type ApiReply } from '../../http/reply.js';
import type { ApiRequest } from '../../http/request.js';
import type { ApiDeps } from '../../api-deps.js';
import { isSupported } from '../microversion.js';
import { recordAction, updateInstance, type InstanceRow } from '../instances.js';
import { invalid, objectValue, pyRepr, type ActionSpec, type Arg } from './action-spec.js';

const NAME = /^(?! )[^\u0000-\u001f\u007f]{1,255}(?<! )$/u;

/** parameter_types.metadata: string keys of 1–255 characters, string values of at most 255. */
export function checkMetadata(field: string, v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid(field, v, `${pyRepr(v)} is not of type 'object'`);
  for (const [k, val] of Object.entries(v)) {
    if (k.length < 1 || k.length > 255 || !/^[^\u0000-\u001f\u007f]+$/u.test(k)) throw invalid(field, v, `Additional properties are not allowed ('${k}' was unexpected)`);
    if (typeof val !== 'string') throw invalid(`${field}/${k}`, val, `${pyRepr(val)} is not of type 'string'`);
    if (val.length > 255) throw invalid(`${field}/${k}`, val, `'${val}' is too long`);
  }
  return v as Record<string, string>;
}

export function checkImageName(key: string, arg: Arg): string {
  const name = arg.name;
  if (name === undefined) throw invalid(key, arg, "'name' is a required property");
  if (typeof name !== 'string') throw invalid('name', name, `${pyRepr(name)} is not of type 'string'`);
  if (!NAME.test(name)) throw invalid('name', name, `'${name}' does not match '^(?![\\ ])[^\\x00-\\x1f\\x7f]+(?<![\\ ])$'`);
  return name;
}

/** The snapshot's (or backup's) image record in glance, as compute_utils.create_image asks for it; its id. */
export async function createSnapshotImage(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, name: string, extra: Record<string, string>, imageType: 'snapshot' | 'backup' = 'snapshot'): Promise<string> {
  const base = deps.db.prepare('SELECT min_ram, min_disk, properties FROM images WHERE id = ?').get(inst.image_ref) as { min_ram: number; min_disk: number; properties: string } | undefined;
  const inherited = JSON.parse(base?.properties ?? '{}') as Record<string, string>;
  delete inherited.os_hash_value;
  const own = req.ctx.projectId === inst.project_id;
  const body = {
    ...inherited, name, visibility: own ? 'private' : 'shared', min_ram: base?.min_ram ?? 0, min_disk: base?.min_disk ?? 0,
    instance_uuid: inst.uuid, user_id: req.ctx.userId, image_type: imageType, base_image_ref: inst.image_ref,
    ...(own ? {} : { instance_owner: inst.project_id }), ...extra,
  };
  const r = await httpJson<{ id: string }>('POST', apiUrl(deps.cfg, '/image/v2/images'), body, { token: req.ctx.authToken, requestId: req.ctx.globalRequestId ?? req.ctx.requestId, timeoutMs: 10_000 });
  if (r.status === 403) throw new ApiError(403, 'Not authorized for image create.');
  if (r.status !== 201) throw badRequest(`Image create failed: glance answered ${r.status}`);
  return r.body.id;
}

export const CREATE_IMAGE_ACTIONS: Record<string, ActionSpec> = {
  createImage: {
    calls: 'servers.ServersController._create_image', name: 'createImage', needsHost: true,
    vmStates: ['active', 'stopped', 'paused', 'suspended'], taskStates: [null],
    policy: { action: 'os_compute_api:servers:create_image', rule: 'project_member_or_admin' },
    parse: (value) => {
      const arg = objectValue('createImage', value, ['name', 'metadata']);
      checkImageName('createImage', arg);
      checkMetadata('metadata', arg.metadata);
      return arg;
    },
    run: async (deps, req, inst, arg): Promise<ApiReply> => {
      const imageId = await createSnapshotImage(deps, req, inst, String(arg.name).trim(), checkMetadata('metadata', arg.metadata));
      updateInstance(deps.db, inst.uuid, { task_state: 'image_snapshot_pending' });
      recordAction(deps.db, req.ctx, inst.uuid, 'createImage');
      await deps.actions.cast(req.ctx, inst.host, 'snapshot_instance', { uuid: inst.uuid, image_id: imageId });
      if (isSupported(req, '2.45')) return json(202, { image_id: imageId });
      return { status: 202, headers: { Location: `${apiUrl(deps.cfg, '/image')}/images/${imageId}` } };
    },
  },
};
