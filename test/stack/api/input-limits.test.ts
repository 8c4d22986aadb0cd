// API input limits (issue 11 §5) over real HTTP on every service of the api process (keystone,
// nova, glance, neutron look-alikes) and on placement: body size (oslo.middleware sizelimit's
// 413, declared or chunked), server metadata (Nova's schema wording, 400; metadata_items quota,
// 403), content type (nova 415, keystone 400, nova takes text/plain as JSON as Nova does), and
// the request line / header limits (414 / 431 instead of a reset connection).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { MAX_REQUEST_BODY_SIZE } from '../../../stack/api/http/body-limit.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const boot = (extra: Record<string, unknown>) => ({ server: { name: 'lim', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra } });

/** One raw HTTP/1.1 exchange: status line, headers and body as received until the server closes. */
function raw(port: number, head: string, body: Buffer | string = '', opts: { chunks?: number } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    s.on('data', (d) => got.push(d));
    s.on('error', (e: NodeJS.ErrnoException) => (got.length ? undefined : reject(e)));
    s.on('close', () => {
      const text = Buffer.concat(got).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    s.write(head);
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const n = opts.chunks ?? 1;
    const size = Math.ceil(b.length / n);
    const writeNext = (i: number): void => {
      if (i >= n || s.destroyed) return void (opts.chunks ? s.writable && s.write('0\r\n\r\n') : undefined);
      const part = b.subarray(i * size, (i + 1) * size);
      const ok = s.write(opts.chunks ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part);
      if (ok) setImmediate(() => writeNext(i + 1)); else s.once('drain', () => writeNext(i + 1));
    };
    if (b.length) writeNext(0);
    setTimeout(() => s.destroy(), 10_000).unref();
  });
}

const apiPort = () => Number(new URL(h.url).port);

describe('request body size (oslo.middleware sizelimit, max_request_body_size 114688)', () => {
  const bigMeta = (n: number) => JSON.stringify(boot({ metadata: { k: 'x'.repeat(n) } }));

  it('a declared Content-Length over the limit is refused with 413 before the body is read, in webob\'s words', async () => {
    const body = bigMeta(10 * 1024 * 1024);
    const r = await raw(apiPort(), `POST /compute/v2.1/servers HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${h.adminToken}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`, body.slice(0, 65536));
    expect(r.status).toBe(413);
    expect(r.text).toContain('Content-Type: application/json');
    expect(r.text).toContain('\r\n\r\n{"message": "Request is too large.<br /><br />\\n\\n", "code": "413 Request Entity Too Large", "title": "Request Entity Too Large"}');
    expect(r.text).toMatch(/x-openstack-request-id: req-/i);
  });

  it('a chunked body is refused once it passes the limit; without Accept webob answers in HTML, text/plain gets plain text', async () => {
    const chunked = await raw(apiPort(), `POST /compute/v2.1/servers HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${h.adminToken}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, bigMeta(2 * 1024 * 1024), { chunks: 64 });
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain('<title>413 Request Entity Too Large</title>');
    expect(chunked.text).toContain('<h1>413 Request Entity Too Large</h1>\n  Request is too large.<br /><br />');
    const plain = await fetch(`${h.url}/compute/v2.1/servers`, { method: 'POST', headers: { 'x-auth-token': h.adminToken, accept: 'text/plain', 'content-type': 'application/json' }, body: bigMeta(MAX_REQUEST_BODY_SIZE) });
    expect(plain.status).toBe(413);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(await plain.text()).toBe('413 Request Entity Too Large\n\nRequest is too large.\n\n  ');
  });

  it('a body of exactly the limit is read; one byte more is not — on keystone, glance and neutron too', async () => {
    const pad = (n: number) => JSON.stringify({ pad: 'p'.repeat(n - 10) });
    expect(pad(MAX_REQUEST_BODY_SIZE).length).toBe(MAX_REQUEST_BODY_SIZE);
    for (const p of ['/v3/auth/tokens', '/image/v2/images', '/network/v2.0/ports', '/compute/v2.1/os-keypairs']) {
      const at = await h.call('POST', p, JSON.parse(pad(MAX_REQUEST_BODY_SIZE)), { headers: { accept: 'application/json' } });
      expect(at.status, p).not.toBe(413);
      const over = await h.call('POST', p, JSON.parse(pad(MAX_REQUEST_BODY_SIZE + 1)), { headers: { accept: 'application/json' } });
      expect(over.status, p).toBe(413);
      expect(over.body, p).toEqual({ message: 'Request is too large.<br /><br />\n\n', code: '413 Request Entity Too Large', title: 'Request Entity Too Large' });
    }
  });

  it('placement refuses a large body with 413 in its own error format', async () => {
    const r = await fetch(`http://127.0.0.1:${h.cfg.ports.placement}/placement/resource_providers`, {
      method: 'POST', headers: { 'x-auth-token': h.adminToken, 'content-type': 'application/json', 'openstack-api-version': 'placement 1.20' },
      body: JSON.stringify({ name: 'x'.repeat(MAX_REQUEST_BODY_SIZE) }),
    });
    expect(r.status).toBe(413);
    const body = await r.json() as { errors: { status: number; detail: string }[] };
    expect(body.errors[0]).toMatchObject({ status: 413 });
    expect(body.errors[0].detail).toContain('Request is too large.');
  });
});

describe('server metadata as Nova validates it', () => {
  it('a value over 255 characters: 400 in the validator\'s words', async () => {
    const v = 'v'.repeat(256);
    const r = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: { color: v } }));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ badRequest: { code: 400, message: `Invalid input for field/attribute color. Value: ${v}. '${v}' is too long` } });
  });

  it('a key of 256 characters or with a character outside [a-zA-Z0-9-_:. ]: 400, additional properties', async () => {
    const k = 'k'.repeat(256);
    const long = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: { [k]: 'v' } }));
    expect(long.status).toBe(400);
    expect(long.body.badRequest.message).toBe(`Invalid input for field/attribute metadata. Value: {'${k}': 'v'}. Additional properties are not allowed ('${k}' was unexpected)`);
    const slash = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: { 'a/b': 'v', ok: 'w' } }));
    expect(slash.body.badRequest.message).toBe("Invalid input for field/attribute metadata. Value: {'a/b': 'v', 'ok': 'w'}. Additional properties are not allowed ('a/b' was unexpected)");
    const num = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: { n: 5 } }));
    expect(num.body.badRequest.message).toBe("Invalid input for field/attribute n. Value: 5. 5 is not of type 'string'");
  });

  it('more items than the metadata_items quota (128): 403 MetadataLimitExceeded; 128 are accepted', async () => {
    const items = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    const over = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: items(129) }));
    expect(over.status).toBe(403);
    expect(over.body).toEqual({ forbidden: { code: 403, message: 'Maximum number of metadata items exceeds 128' } });
    const at = await h.call('POST', '/compute/v2.1/servers', boot({ metadata: items(128) }));
    expect(at.status).toBe(202);
  });
});

describe('content type', () => {
  const post = (p: string, type: string, body: unknown) => fetch(`${h.url}${p}`, { method: 'POST', headers: { 'x-auth-token': h.adminToken, 'content-type': type, accept: 'application/json' }, body: JSON.stringify(body) });

  it('nova: a type it does not speak is 415 badMediaType; text/plain is read as JSON, as Nova does', async () => {
    const xml = await post('/compute/v2.1/servers', 'application/xml', boot({}));
    expect(xml.status).toBe(415);
    expect(await xml.json()).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
    expect(h.log('nova-api.log')).toContain('Returning 415 to user: Unsupported Content-Type');
    const plain = await post('/compute/v2.1/servers', 'text/plain', boot({}));
    expect(plain.status).toBe(202);
  });

  it('keystone: a body that is not JSON is 400 in keystone\'s words', async () => {
    const r = await post('/v3/auth/tokens', 'text/plain', { auth: {} });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: { code: 400, title: 'Bad Request', message: 'Expecting to find application/json in Content-Type header. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.' } });
  });
});

describe('request line and headers', () => {
  for (const [name, port] of [['api', () => apiPort()], ['placement', () => h.cfg.ports.placement]] as const) {
    it(`${name}: a 100 KB URL is 414, not a reset connection; a URL under 8 KiB is served`, async () => {
      const long = await raw(port(), `GET /compute/v2.1/servers?name=${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(long.status).toBe(414);
      expect(long.text).toContain('Connection: close');
      const mid = await raw(port(), `GET /compute/v2.1/servers?name=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(mid.status).toBe(414);
      const ok = await raw(port(), `GET /placement/?x=${'a'.repeat(7000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(ok.status, ok.text.slice(0, 200)).toBe(name === 'api' ? 401 : 200);
      // Past Node's 256 KiB parser room, still an answer (the request line: 414), never a reset.
      const huge = await raw(port(), `GET /?x=${'a'.repeat(400 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect([414, 431]).toContain(huge.status);
    });

    it(`${name}: 100 KB of headers or more than 100 header lines is 431`, async () => {
      const big = await raw(port(), `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100 * 1024)}\r\n\r\n`);
      expect(big.status).toBe(431);
      const many = await raw(port(), `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 101 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`);
      expect(many.status).toBe(431);
    });
  }
});
