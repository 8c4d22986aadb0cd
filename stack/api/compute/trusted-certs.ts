// 2.63: trusted_image_certificates on server create and rebuild (parameter_types.trusted_certs:
// null or 1 to 50 unique non-empty strings), the create:trusted_certs / rebuild:trusted_certs
// policies, the refusal for servers booted from volume, and the instance's list as the views
// show it. [glance] default_trusted_certificate_ids is unset here, so a server has the list it
// was given or none.

import type { Credentials } from '../../common/policy.js';
import type { Db } from '../../db/open-db.js';
import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';
import { authorizeAction, TRUSTED_CERTS_POLICY } from './policy.js';

export const TRUSTED_CERTS = 'trusted_image_certificates';
const MAX_CERTS = 50;

/** jsonschema's first error for parameter_types.trusted_certs, in the schema's keyword order. */
export function checkTrustedCerts(v: unknown): string[] | null {
  if (v === null) return null;
  if (!Array.isArray(v)) throw invalid(TRUSTED_CERTS, v, `${pyRepr(v)} is not of type 'array', 'null'`);
  if (v.length < 1) throw invalid(TRUSTED_CERTS, v, '[] should be non-empty');
  if (v.length > MAX_CERTS) throw invalid(TRUSTED_CERTS, v, `${pyRepr(v)} is too long`);
  if (new Set(v.map((x) => JSON.stringify(x))).size !== v.length) throw invalid(TRUSTED_CERTS, v, `${pyRepr(v)} has non-unique elements`);
  v.forEach((id, i) => {
    if (typeof id !== 'string') throw invalid(String(i), id, `${pyRepr(id)} is not of type 'string'`);
    if (id.length < 1) throw invalid(String(i), id, "'' should be non-empty");
  });
  return v as string[];
}

/**
 * create_v263: the list of a new server (null without one); below 2.63 the field is an
 * additional property of `server`. The policy is checked only when certificates are given.
 */
export function requestedTrustedCerts(req: ApiRequest, server: Record<string, unknown>): string[] | null {
  if (!(TRUSTED_CERTS in server)) return null;
  if (!isSupported(req, '2.63')) {
    throw badRequest(`Invalid input for field/attribute server. Value: ${pyRepr(server)}. Additional properties are not allowed ('${TRUSTED_CERTS}' was unexpected)`);
  }
  const certs = checkTrustedCerts(server[TRUSTED_CERTS]);
  if (certs) authorizeCerts(req.ctx, 'create', req.ctx.projectId);
  return certs;
}

export function authorizeCerts(ctx: Credentials, call: 'create' | 'rebuild', projectId: string | null): void {
  authorizeAction(ctx, TRUSTED_CERTS_POLICY[call], projectId);
}

/** compute.api's CertificateValidationFailed for a boot without an image. */
export function refuseCertsWithoutImage(certs: string[] | null): void {
  if (certs) throw badRequest('Image certificate validation is not supported when booting from volume');
}

/** compute.api's rebuild of a volume-backed server with certificates. */
export function refuseCertsForVolumeBacked(db: Db, uuid: string, certs: string[] | null | undefined): void {
  if (!certs) return;
  const root = db.prepare("SELECT 1 FROM block_device_mapping WHERE instance_uuid = ? AND boot_index = 0 AND destination_type = 'volume'").get(uuid);
  if (root) throw badRequest('Image certificate validation is not supported for volume-backed servers.');
}

/** The instance's list as the views show it (stored as JSON; NULL: none). */
export const trustedCertsView = (stored: string | null): string[] | null => (stored ? JSON.parse(stored) as string[] : null);
