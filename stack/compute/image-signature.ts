// Image signature verification as glance.py's _get_verifier does it before a download: only
// when the instance has trusted certificates ([glance] verify_glance_signatures and
// enable_certificate_validation are off here), cursive's get_verifier first requires the four
// signature properties of the image and names the first one missing. The stack has no key
// manager, so an image carrying all four is downloaded without checking its signature.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { ImageMeta } from '../common/objects.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';
import { NovaError } from './nova-errors.js';
import { TRACEBACK_FRAMES, tracebackOf } from './traceback-frames.js';

/** get_verifier's names for the properties, in the order it checks them, and the image property each is. */
const SIGNATURE_PROPERTIES: readonly (readonly [string, string])[] = [
  ['img_signature_uuid', 'img_signature_certificate_uuid'],
  ['img_signature_hash_method', 'img_signature_hash_method'],
  ['img_signature', 'img_signature'],
  ['img_signature_key_type', 'img_signature_key_type'],
];

const EXC = 'cursive.exception.SignatureVerificationError';

export function signatureVerificationFailed(reason: string): NovaError {
  const message = `Signature verification for the image failed: ${reason}.`;
  return new NovaError(EXC, message, tracebackOf(TRACEBACK_FRAMES.imageSignature, `${EXC}: ${message}`));
}

/** Throws SignatureVerificationError (after nova.image.glance's error line) when `image` cannot be verified. */
export function verifyBeforeDownload(glanceLog: OsloLogger, ctx: RequestContext, image: ImageMeta, trustedCerts: readonly string[] | null): void {
  if (!trustedCerts?.length) return;
  const missing = SIGNATURE_PROPERTIES.find(([, prop]) => image.properties[prop] === undefined || image.properties[prop] === null);
  if (!missing) return;
  glanceLog.error(ctx, null, `Image signature verification failed for image: ${image.id}`);
  throw signatureVerificationFailed(`Required image properties for signature verification do not exist. Cannot verify signature. Missing property: ${missing[0]}`);
}

/** instance.trusted_certs.ids, read when the image is about to be downloaded. */
export function trustedCertsOf(conductor: ConductorAPI, ctx: RequestContext, uuid: string): () => Promise<string[] | null> {
  return async () => {
    const inst = await conductor.instanceGet(ctx, uuid) as { trusted_certs?: string | null } | null;
    return inst?.trusted_certs ? JSON.parse(inst.trusted_certs) as string[] : null;
  };
}
