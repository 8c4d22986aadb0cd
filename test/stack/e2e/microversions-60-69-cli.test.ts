// Microversions from 2.60 with the real openstack CLI: trusted image certificates (2.63) on a
// boot whose image the host must download (unsigned: the compute's signature check fails the
// build), set and unset by rebuild (the image is cached: nothing to verify) and shown by server
// show, and refused for a boot from volume (nova boot).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, waitStatus } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const CERTS = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8', '674736e3-f25c-405c-8362-bbf991e0ce0a'];

const computeLog = () => fs.readdirSync(stack.logDir).filter((f) => f.startsWith('nova-compute-')).map((f) => fs.readFileSync(path.join(stack.logDir, f), 'utf8')).join('');

describe('openstack CLI from 2.60', () => {
  it('server create --trusted-image-cert at 2.63: the unsigned image fails the download\'s signature check, the build fails', async () => {
    const r = await osc('2.63', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--trusted-image-cert', CERTS[0], 'unsigned', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).trusted_image_certificates).toEqual([CERTS[0]]);
    await waitStatus(stack, 'unsigned', 'ERROR', 90_000);
    const image = (await cliJson(stack, 'image', 'show', 'cirros')).id as string;
    const log = computeLog();
    expect(log).toMatch(new RegExp(`ERROR nova\\.image\\.glance \\[[^\\]]+\\] Image signature verification failed for image: ${image}`));
    expect(log).toContain('cursive.exception.SignatureVerificationError: Signature verification for the image failed: Required image properties for signature verification do not exist. Cannot verify signature. Missing property: img_signature_uuid.');
    // The one host failed it: the conductor has no alternate left.
    const server = await cliJson(stack, 'server', 'show', 'unsigned');
    expect(server.fault.message).toBe(`Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${server.id}.`);
  }, 150_000);

  it('server rebuild --trusted-image-cert and --no-trusted-image-certs at 2.63; server show lists them', async () => {
    const made = await osc('2.63', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', 'certs', '--wait', '-f', 'json');
    expect(made.code, made.err).toBe(0);
    expect((await cliJson(stack, '--os-compute-api-version', '2.63', 'server', 'show', 'certs')).trusted_image_certificates).toBeNull();
    const r = await osc('2.63', 'server', 'rebuild', '--image', 'cirros', '--trusted-image-cert', CERTS[0], '--trusted-image-cert', CERTS[1], 'certs', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    await waitStatus(stack, 'certs', 'ACTIVE', 90_000);
    expect((await cliJson(stack, '--os-compute-api-version', '2.63', 'server', 'show', 'certs')).trusted_image_certificates).toEqual(CERTS);
    expect(await cliJson(stack, '--os-compute-api-version', '2.62', 'server', 'show', 'certs')).not.toHaveProperty('trusted_image_certificates');
    const unset = await osc('2.63', 'server', 'rebuild', '--image', 'cirros', '--no-trusted-image-certs', 'certs', '-f', 'json');
    expect(unset.code, unset.err).toBe(0);
    await waitStatus(stack, 'certs', 'ACTIVE', 90_000);
    expect((await cliJson(stack, '--os-compute-api-version', '2.63', 'server', 'show', 'certs')).trusted_image_certificates).toBeNull();
  }, 240_000);

  it('nova boot from a volume with --trusted-image-certificate-id: 400 in compute.api\'s words', async () => {
    // openstack server create refuses the option itself for a boot from volume; nova boot sends it.
    const image = (await cliJson(stack, 'image', 'show', 'cirros')).id as string;
    const r = await stack.nova('--os-compute-api-version', '2.63', 'boot', '--flavor', 'm1.tiny', '--nic', 'none',
      '--block-device', `source=image,id=${image},dest=volume,size=1,bootindex=0`, '--trusted-image-certificate-id', CERTS[0], 'bfv-certs');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Image certificate validation is not supported when booting from volume (HTTP 400)');
  }, 60_000);
});
