// Instance rows as the compute API reads and changes them: lookup with Nova's 404 wording and
// per-project visibility, updates that bump updated_at, and instance actions recorded with the
// request id of the API call that started them.

import type { RequestContext } from '../../common/request-context.js';
import type { InstanceAction, TaskState, VmState } from '../../common/objects.js';
import { nowIso } from '../../db/open-db.js';
import type { Db } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';

export interface InstanceRow {
  /** SQLite rowid: Nova's integer instance id (instance-0000000a). */
  id: number;
  uuid: string; name: string; project_id: string; user_id: string; image_ref: string; flavor_id: string;
  vm_state: VmState; task_state: TaskState | null; power_state: number; host: string | null; node: string | null;
  availability_zone: string | null; key_name: string | null; metadata: string; access_ip_v4: string | null; access_ip_v6: string | null;
  locked: number; progress: number; launched_at: string | null; terminated_at: string | null; created_at: string; updated_at: string;
  deleted_at: string | null; reservation_id: string; console_log: string; request_spec: string;
  hostname: string; launch_index: number; kernel_id: string; ramdisk_id: string; root_device_name: string | null; user_data: string | null;
  display_description: string | null; trusted_certs: string | null;
}

export const INSTANCE_COLUMNS = 'rowid AS id, *';

export const canSeeInstance = (ctx: RequestContext, row: InstanceRow) => ctx.isAdmin || row.project_id === ctx.projectId;

export function instanceNotFound(uuid: string) {
  return notFound(`Instance ${uuid} could not be found.`);
}

/** The caller's instance `uuid`, or 404. Deleted instances are found only with readDeleted. */
export function getInstance(deps: ApiDeps, req: ApiRequest, uuid: string, readDeleted = false): InstanceRow {
  const row = deps.db.prepare(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE uuid = ?`).get(uuid) as InstanceRow | undefined;
  if (!row || (!readDeleted && row.deleted_at !== null) || !canSeeInstance(req.ctx, row)) throw instanceNotFound(uuid);
  return row;
}

type Updatable = Partial<Pick<InstanceRow, 'vm_state' | 'task_state' | 'power_state' | 'progress' | 'name' | 'deleted_at' | 'terminated_at' | 'access_ip_v4' | 'access_ip_v6' | 'metadata' | 'locked' | 'display_description' | 'hostname'>>;

export function updateInstance(db: Db, uuid: string, changes: Updatable): void {
  const entries = Object.entries(changes);
  const sets = [...entries.map(([k]) => `${k} = ?`), 'updated_at = ?'].join(', ');
  db.prepare(`UPDATE instances SET ${sets} WHERE uuid = ?`).run(...entries.map(([, v]) => v), nowIso(), uuid);
}

export function recordAction(db: Db, ctx: RequestContext, uuid: string, action: InstanceAction): void {
  db.prepare('INSERT INTO instance_actions (instance_uuid, action, request_id, user_id, project_id, start_time) VALUES (?, ?, ?, ?, ?, ?)')
    .run(uuid, action, ctx.requestId, ctx.userId, ctx.projectId, nowIso());
}
