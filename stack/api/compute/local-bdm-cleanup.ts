// compute.API._local_cleanup_bdm_volumes: for a server no compute host holds (shelved offloaded,
// or deleted while its host is down), the API itself lets each volume go: the attachment is
// deleted (cinder makes the volume available), the volume too when its mapping says
// delete_on_termination, and any failure is only warned about; then the mapping goes.

import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';
import { attachmentDelete, deleteVolume } from './cinder-api.js';
import type { BdmRow } from './volume-attach-flow.js';

export async function localCleanupBdmVolumes(deps: ApiDeps, req: ApiRequest, uuid: string, bdms: BdmRow[]): Promise<void> {
  const log = deps.logs.nova.child('nova.compute.api');
  for (const bdm of bdms) {
    if (bdm.volume_id) {
      try {
        if (bdm.attachment_id) await attachmentDelete(deps, req, bdm.attachment_id);
        if (bdm.delete_on_termination) await deleteVolume(deps, req, bdm.volume_id);
      } catch (e) {
        log.warning(req.ctx, uuid, `Ignoring volume cleanup failure due to ${(e as Error).message}`);
      }
    }
    deps.db.prepare('DELETE FROM block_device_mapping WHERE id = ?').run(bdm.id);
  }
}
