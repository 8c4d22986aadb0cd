// cinder's GET /v3/limits: the project's absolute limits under cinder's names, the used limits
// (os-used-limits) for a caller allowed to read the project, and no rate limits (cinder's
// rate-limit middleware is not in its default pipeline). From 3.39 an admin may ask for another
// project with ?project_id= (or the older ?tenant_id=).

import { allows } from '../../common/policy.js';
import type { ApiDeps } from '../api-deps.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { QUOTA_DEFAULTS, volumeUsage } from './volumes.js';

/** Quota resource → absolute limit name, in cinder's resource order. */
const LIMIT_NAMES: [keyof typeof QUOTA_DEFAULTS, string][] = [
  ['volumes', 'maxTotalVolumes'], ['snapshots', 'maxTotalSnapshots'], ['gigabytes', 'maxTotalVolumeGigabytes'],
  ['backups', 'maxTotalBackups'], ['backup_gigabytes', 'maxTotalBackupGigabytes'],
];

/** `minor`: the request's microversion 3.<minor>. */
export function limits(deps: ApiDeps, req: ApiRequest, minor: number): ApiReply {
  const other = req.ctx.isAdmin && minor >= 39 ? req.query.get('project_id') ?? req.query.get('tenant_id') : null;
  const project = other ?? req.ctx.projectId ?? '';
  const absolute: Record<string, number> = Object.fromEntries(LIMIT_NAMES.map(([k, name]) => [name, QUOTA_DEFAULTS[k]]));
  // limits_extension:used_limits (SYSTEM_READER_OR_PROJECT_READER, on the caller's own project).
  if (allows('project_reader_or_admin', req.ctx)) {
    const used = volumeUsage(deps, project);
    Object.assign(absolute, { totalVolumesUsed: used.n, totalGigabytesUsed: used.g, totalSnapshotsUsed: 0, totalBackupsUsed: 0, totalBackupGigabytesUsed: 0 });
  }
  return ok({ limits: { rate: [], absolute } });
}
