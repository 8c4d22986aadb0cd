// A service Nova calls during the build could not be reached: the connection error names the
// service by its endpoint (glance :9292 /v2/images, cinder :8776, neutron :9696 /v2.0/ports,
// keystone :5000/:35357), and Nova wraps it (GlanceConnectionFailed, CinderConnectionFailed,
// 'Instance failed network setup'). Each outage is its own cause: a glance or cinder outage
// is not "neutron unreachable" because keystoneauth's ConnectFailure says the same words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-unreachable-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REFUSED = "('Connection aborted.', ConnectionRefusedError(111, 'Connection refused'))";

describe('which service could not be reached', () => {
  it.each([
    ['glance, wrapped', `Instance failed to spawn: nova.exception.GlanceConnectionFailed: Connection to glance host http://10.0.0.11:9292 failed: Unable to establish connection to http://10.0.0.11:9292/v2/images/9f1d/file: ${REFUSED}`, 'image-service-unreachable'],
    ['glance, keystoneauth only', `Instance failed to spawn: keystoneauth1.exceptions.connection.ConnectFailure: Unable to establish connection to https://cloud.example.com/image/v2/images/9f1d/file: ${REFUSED}`, 'image-service-unreachable'],
    ['glance, retries done', "Error contacting glance server 'http://10.0.0.11:9292' for 'data', done trying.", 'image-service-unreachable'],
    ['cinder', `Instance failed block device setup: nova.exception.CinderConnectionFailed: Connection to cinder host failed: Unable to establish connection to http://10.0.0.11:8776/v3/p/volumes/v: ${REFUSED}`, 'volume-service-unreachable'],
    ['neutron on its port', `Instance failed network setup after 1 attempt(s): keystoneauth1.exceptions.connection.ConnectFailure: Unable to establish connection to http://10.0.0.11:9696/v2.0/ports?device_id=x: ${REFUSED}`, 'neutron-unreachable'],
    ['neutron behind a proxy path', `Instance failed to spawn: ConnectFailure: Unable to establish connection to https://cloud.example.com/network/v2.0/ports?device_id=x: ${REFUSED}`, 'neutron-unreachable'],
    ['neutron, the network setup line', 'Instance failed network setup after 3 attempt(s): keystoneauth1.exceptions.connection.ConnectTimeout: Request to https://net.example.com timed out', 'neutron-unreachable'],
  ])('%s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });

  it.each([
    ['the API hit it at boot (a 500)', "Unexpected exception in API method: nova.exception.NeutronAdminCredentialConfigurationInvalid: Networking client is experiencing an unauthorized exception.", 'neutron-credentials-invalid'],
    ['the compute hit it', 'Neutron client was not able to generate a valid admin token, please verify Neutron admin credential located in nova.conf', 'neutron-credentials-invalid'],
    ['a region nova.conf names that the catalog lacks', "Unexpected build failure, not rescheduling build.: keystoneauth1.exceptions.catalog.EndpointNotFound: ['internal', 'public'] endpoint for image service in RegionOne region not found", 'endpoint-not-found'],
    ['the same, as Kilo worded it', 'Instance failed to spawn: EndpointNotFound: Could not find requested endpoint in Service Catalog.', 'endpoint-not-found'],
    ['a user token that expired in a long build stays token-expired', 'Instance failed to spawn: nova.exception.ImageNotAuthorized: Not authorized for image c1d2.', 'token-expired'],
  ])('credentials: %s → %s', (_name, text, id) => {
    expect(causeFor({ text })?.id).toBe(id);
  });

  it.each([
    ['keystone v2.0 (Juno to Pike)', `Instance failed to spawn: ConnectFailure: Unable to establish connection to http://10.0.0.11:35357/v2.0/tokens: ${REFUSED}`],
    ['glance retrying (the next attempt may work)', "Error contacting glance server 'http://10.0.0.11:9292' for 'data', retrying."],
  ])('%s is no service outage', (_name, text) => {
    expect(causeFor({ text })?.id ?? 'none').not.toMatch(/unreachable$/);
  });

  it('the image-unavailable sample with glance down instead of the image gone: image-service-unreachable on both hosts', async () => {
    const dir = path.join(tmp, 'glance-down');
    fs.cpSync(path.join(SAMPLES, 'image-unavailable'), dir, { recursive: true });
    for (const host of ['cmp1', 'cmp2']) {
      const log = path.join(dir, host, 'nova-compute.log');
      const text = fs.readFileSync(log, 'utf8')
        .replace(/nova\.exception\.ImageNotFound: Image (\S+) could not be found\./g, `nova.exception.GlanceConnectionFailed: Connection to glance host http://10.0.0.11:9292 failed: Unable to establish connection to http://10.0.0.11:9292/v2/images/$1/file: ${REFUSED}`)
        .replace(/glanceclient\.exc\.HTTPNotFound: HTTP 404 Not Found: No image found with ID (\S+)/g, `keystoneauth1.exceptions.connection.ConnectFailure: Unable to establish connection to http://10.0.0.11:9292/v2/images/$1/file: ${REFUSED}`);
      expect(text).not.toContain('ImageNotFound');
      fs.writeFileSync(log, text);
    }
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'image-unavailable/expected.json'), 'utf8')) as { query: string };
    const t = (await traceRequest([dir], expected.query)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', signature: 'retries-exceeded', cause: { id: 'image-service-unreachable' } });
    expect(t.verdict.root_cause?.message).toContain('GlanceConnectionFailed');
  });
});
