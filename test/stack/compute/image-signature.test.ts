// The signature check before an image download: only for an instance with trusted certificates,
// failing on the first signature property the image lacks with cursive's error and glance.py's
// error line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import type { ImageMeta } from '../../../stack/common/objects.js';
import { NovaError } from '../../../stack/compute/nova-errors.js';
import { verifyBeforeDownload } from '../../../stack/compute/image-signature.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-image-signature-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const IMAGE_ID = '5b1a64f6-04b5-4a0c-92e3-3c2bd5e8b0a1';
const image = (properties: Record<string, string>): ImageMeta => ({ id: IMAGE_ID, name: 'cirros', size: 1, disk_format: 'qcow2', min_ram: 0, min_disk: 0, properties });
const SIGNED = { img_signature_certificate_uuid: 'c1', img_signature_hash_method: 'SHA-256', img_signature: 'c2ln', img_signature_key_type: 'RSA-PSS' };

function check(img: ImageMeta, certs: string[] | null): { error: unknown; log: string } {
  const file = path.join(tmp, `${Math.random()}.log`);
  const log = new OsloLogger('nova.image.glance', new FileSink(file));
  let error: unknown = null;
  try {
    verifyBeforeDownload(log, userContext('u', 'p', ['member']), img, certs);
  } catch (e) {
    error = e;
  }
  log.flush();
  return { error, log: fs.readFileSync(file, 'utf8') };
}

describe('image signature verification before a download', () => {
  it('is skipped without trusted certificates', () => {
    expect(check(image({}), null)).toEqual({ error: null, log: '' });
    expect(check(image({}), [])).toEqual({ error: null, log: '' });
  });

  it.each([
    ['an unsigned image', {}, 'img_signature_uuid'],
    ['an image without a hash method', { img_signature_certificate_uuid: 'c1' }, 'img_signature_hash_method'],
    ['an image without its key type', { ...SIGNED, img_signature_key_type: undefined as unknown as string }, 'img_signature_key_type'],
  ])('%s: SignatureVerificationError naming %s', (_name, props, missing) => {
    const { error, log } = check(image(Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined))), ['cert-1']);
    expect(error).toBeInstanceOf(NovaError);
    const e = error as NovaError;
    const message = `Signature verification for the image failed: Required image properties for signature verification do not exist. Cannot verify signature. Missing property: ${missing}.`;
    expect(e.message).toBe(message);
    expect(e.traceback.at(-1)).toBe(`cursive.exception.SignatureVerificationError: ${message}`);
    expect(e.traceback.join('\n')).toContain('verifier = self._get_verifier(context, image_id, trusted_certs)');
    expect(log).toMatch(new RegExp(`ERROR nova\\.image\\.glance \\[[^\\]]+\\] Image signature verification failed for image: ${IMAGE_ID}$`, 'm'));
  });

  it('lets an image with all four signature properties through (no key manager to check it against)', () => {
    expect(check(image(SIGNED), ['cert-1'])).toEqual({ error: null, log: '' });
  });
});
