// What went wrong with the image on the compute host: not delivered (gone, not active, glance
// failing) or not trusted (a signature that could not be verified for a server with trusted
// image certificates, or with verify_glance_signatures on).
import { describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';

describe('the image on the compute host', () => {
  it.each([
    ['signature properties missing', 'Instance failed to spawn: cursive.exception.SignatureVerificationError: Signature verification for the image failed: Required image properties for signature verification do not exist. Cannot verify signature. Missing property: img_signature_uuid.', 'image-signature-invalid'],
    ["glance's own line for it", 'Image signature verification failed for image: c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', 'image-signature-invalid'],
    ['the certificate not trusted', 'Build of instance 3f8e aborted: Image signature certificate validation failed for certificate: 0b9e. Certificate chain building failed.', 'image-signature-invalid'],
    ['an image deactivated or still queued', 'Build of instance 3f8e aborted: Image c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f is not active.', 'image-unavailable'],
    // ImageUnacceptable's template, "Image %(image_id)s is unacceptable: %(reason)s", as a build
    // abort quotes it without the class name, and with an empty id when a driver had none to give.
    ['an image the driver refused, named', 'Build of instance 3f8e aborted: Image c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f is unacceptable: Converted to raw, but format is now qcow2', 'image-unavailable'],
    ['an image the driver refused, with no id', 'Build of instance 3f8e aborted: Image  is unacceptable: Bad Image format: Image  could not be found.', 'image-unavailable'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });
});
