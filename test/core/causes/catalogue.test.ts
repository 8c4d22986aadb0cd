// The cause catalogue is data checked at load: every shipped example matches its own entry and
// no other; a site's file adds causes before the shipped ones; a bad entry is an error naming
// the file, the entry and what is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { catalogue, CatalogueError, compileCatalogue, matches, useSiteCatalogues } from '../../../core/causes/catalogue.js';
import { exampleQuery } from '../../../core/causes/example-query.js';
import { traceRequest } from '../../../core/trace/trace-request.js';
import { realLogDir } from '../../helpers/real-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-causes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => { useSiteCatalogues([]); });

const LINE = '2025-01-01 00:00:00.000 1 ERROR nova.compute.manager [req-11111111-2222-4333-8444-555555555555 u p - - -] Instance failed to spawn: KeyError: \'dns\'';
const entry = (over: Record<string, unknown> = {}) => ({
  id: 'subnet-without-dns', stage: 'compute.network', match: { text: "KeyError: 'dns'" },
  probable_cause: 'a subnet without dns_nameservers trips os-vif conversion', next_check: "'openstack subnet show'", examples: [LINE], ...over,
});

describe('the shipped catalogue', () => {
  const entries = catalogue();

  it('has the causes operators hit, each with examples', () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const id of ['hosts-full', 'az-mismatch', 'compute-disabled', 'cell-unmapped', 'image-too-big', 'volume-boot-failure', 'ip-exhausted', 'neutron-unreachable', 'bus-down', 'token-expired', 'cpu-model', 'numa-misfit', 'pci-misfit', 'unexpected-exception']) {
      expect(entries.map((e) => e.id)).toContain(id);
    }
  });

  it.each(catalogue().flatMap((e) => e.examples.map((ex, k) => [e.id, k, ex] as const)))('%s example %d matches it and no other entry', (id, _k, ex) => {
    const own = catalogue().find((e) => e.id === id)!;
    // Asked as the tracer asks: for the operation traced (a boot, or a live migration…).
    const q = { ...exampleQuery(ex)!, operation: own.operation };
    expect(q).not.toBeNull();
    const matching = catalogue().filter((e) => matches(e, q)).map((e) => e.id);
    if (own.explains.length && !own.text && !own.filter) expect(matching).toEqual([]);
    else expect(matching).toEqual([id]);
  });
});

describe('site catalogues', () => {
  it.each([
    [{ stage: 'compute.nope' }, /cause 'subnet-without-dns': stage 'compute.nope' is not one of/],
    [{ operation: 'live-migration' }, /cause 'subnet-without-dns': stage 'compute.network' is not one of api.accepted, conductor.live_migrate/],
    [{ operation: 'teleport' }, /cause 'subnet-without-dns': operation 'teleport' has no stage model/],
    [{ match: { text: '(' } }, /match\.text is not a valid regular expression/],
    [{ match: {} }, /match needs text, filter or explains/],
    [{ examples: [] }, /at least one example log line is required/],
    [{ examples: ['not a log line'] }, /example 1 is not a Nova log line/],
    [{ match: { text: 'something else' } }, /example 1 does not match the entry/],
    [{ next_check: '' }, /next_check must be a non-empty string/],
    [{ id: 'Bad Id' }, /id must be lower-case letters, digits and dashes/],
  ])('refuses %j with a message naming the entry', (over, message) => {
    expect(() => compileCatalogue({ causes: [entry(over)] }, 'site.json')).toThrow(CatalogueError);
    expect(() => compileCatalogue({ causes: [entry(over)] }, 'site.json')).toThrow(message);
  });

  it('refuses a cause defined twice, and a file that is not JSON, naming the file', () => {
    expect(() => compileCatalogue({ causes: [entry(), entry()] }, 'site.json')).toThrow(/site\.json: cause 'subnet-without-dns' is defined twice/);
    fs.writeFileSync(path.join(tmp, 'broken.json'), '{ nope');
    expect(() => useSiteCatalogues([path.join(tmp, 'broken.json')])).toThrow(/broken\.json: not valid JSON/);
  });

  it("puts the site's causes first: a real KeyError 'dns' (fi-pike-nova-t12) gets the site's cause", async () => {
    const file = path.join(tmp, 'site.json');
    fs.writeFileSync(file, JSON.stringify({ causes: [entry()] }));
    useSiteCatalogues([file]);
    const t = (await traceRequest([realLogDir('fi-pike-nova-t12')], 'req-022f2e61-b641-42c6-af94-490d95045ad8')).trace!;
    expect(t.verdict.cause).toMatchObject({ id: 'subnet-without-dns', source: file });
    expect(t.verdict.failed_stage).toBe('compute.network');
    useSiteCatalogues([]);
    const plain = (await traceRequest([realLogDir('fi-pike-nova-t12')], 'req-022f2e61-b641-42c6-af94-490d95045ad8')).trace!;
    // The shipped catalogue names it a programming error, in the stage its line was logged in.
    expect(plain.verdict.cause).toMatchObject({ id: 'code-error', source: 'built-in' });
    expect(plain.verdict.failed_stage).toBe('compute.spawn');
  });
});
