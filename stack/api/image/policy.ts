// Glance's default policy (glance/policies/image.py) for the routes glance-lite serves: project
// readers list and read images (private images of other projects stay invisible: 404 in the
// handlers), members create, and those of the owning project upload and delete; service users download for nova.

import { ApiError } from '../http/api-error.js';
import type { PolicyTable } from '../http/service-app.js';

export const IMAGE_POLICY: PolicyTable = {
  'GET /': { action: 'versions', rule: 'public' },
  'GET /versions': { action: 'versions', rule: 'public' },
  'GET /v2/images': { action: 'get_images', rule: 'project_reader_or_admin_or_service' },
  'GET /v2/images/{id}': { action: 'get_image', rule: 'project_reader_or_admin_or_service' },
  'POST /v2/images': { action: 'add_image', rule: 'project_member_or_admin' },
  'PATCH /v2/images/{id}': { action: 'modify_image', rule: 'project_member_or_admin' },
  'DELETE /v2/images/{id}': { action: 'delete_image', rule: 'project_member_or_admin' },
  'PUT /v2/images/{id}/file': { action: 'upload_image', rule: 'project_member_or_admin' },
  'GET /v2/images/{id}/file': { action: 'download_image', rule: 'project_reader_or_admin_or_service' },
};

/** glance.common.exception.Forbidden. */
export const glancePolicyDenied = (action: string) => new ApiError(403, `You are not authorized to complete ${action} action.`);
