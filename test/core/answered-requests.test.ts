// Requests a service answered itself (no boot, no modelled operation): what was asked and how it
// was answered. A 5xx, or a 4xx refusing a change, is an ERROR; a GET's 404 is an answer (the
// clients look a flavor or a server up by name that way), not a failure.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');

describe('requests a service answered itself', () => {
  it('a 500 from the API (neutron unreachable): ERROR, the request and the error named', async () => {
    const t = (await traceRequest([realLogDir('rdo-kilo-boots')], 'req-6a8ca169-019f-4113-8c5b-a09b35064433')).trace!;
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.summary).toMatch(/^ERROR: the API answered GET \/v2\/\w+\/servers\/detail with 500: Caught error: Unable to establish connection to http:\/\/10\.211\.55\.142:9696/);
  });

  it("a GET's 404 (a flavor looked up by name): COMPLETED", async () => {
    const t = (await traceRequest([realLogDir('fi-pike-nova-t57')], 'req-62097350-daa1-4095-b8ca-37af3eac2818')).trace!;
    expect(t.verdict.status).toBe('COMPLETED');
    expect(t.verdict.summary).toMatch(/^api-request: GET \/v2\.1\/\w+\/flavors\/m1\.tiny answered 404 /);
  });

  it("placement's 409 on a provider's creation: a placement request, ERROR", async () => {
    const t = (await traceRequest([path.join(SAMPLES, 'compute-renamed')], 'req-7a9c1e3b-5d2f-4f46-b8a0-c2e4f6a8b0d2')).trace!;
    expect(t.operation).toBe('placement-request');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.summary).toMatch(/^ERROR: placement answered POST \/placement\/resource_providers with 409 \(/);
  });
});
