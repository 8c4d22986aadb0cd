// A scheduling pass that had no host to begin with: nova.filters logs "Starting with 0 host(s)",
// and its first enabled filter (RetryFilter, AvailabilityZoneFilter, ComputeFilter…) reports the
// empty list it was handed, "(start: 0, end: 0)". That filter removed nothing: the hosts were
// missing before filtering (no compute node records where the scheduler looks, hosts not mapped to
// the cell, placement's candidates unknown to the host manager), so no filter's cause is named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyingFilter, filterStepsFromSummary } from '../../core/trace/filter-steps.js';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/az-mismatch');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-nohost-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('no host to filter', () => {
  it.each([
    ["the first filter handed nothing", "Filtering removed all hosts for the request with instance ID '5b0c'. Filter results: ['AvailabilityZoneFilter: (start: 0, end: 0)']", null],
    ['a filter that removed the last host', "Filtering removed all hosts for the request with instance ID '5b0c'. Filter results: ['RetryFilter: (start: 2, end: 2)', 'AvailabilityZoneFilter: (start: 2, end: 0)']", 'AvailabilityZoneFilter'],
  ])('%s', (_name, message, filter) => {
    expect(emptyingFilter(filterStepsFromSummary(message)!)).toBe(filter);
  });

  it('the per-filter DEBUG lines after "Starting with 0 host(s)" blame no filter either', () => {
    expect(emptyingFilter([{ filter: 'ComputeFilter', hosts_before: 0, hosts_after: 0 }])).toBeNull();
    expect(emptyingFilter([{ filter: 'ComputeFilter', hosts_before: null, hosts_after: 0 }])).toBe('ComputeFilter');
  });

  it('the az-mismatch sample with no host entering the filters is no AZ mismatch', async () => {
    const dir = path.join(tmp, 'zero');
    fs.cpSync(SAMPLE, dir, { recursive: true });
    const log = path.join(dir, 'ctl1/nova-scheduler.log');
    const text = fs.readFileSync(log, 'utf8');
    const changed = text.replace("Filter results: ['RetryFilter: (start: 2, end: 2)', 'AvailabilityZoneFilter: (start: 2, end: 0)']", "Filter results: ['AvailabilityZoneFilter: (start: 0, end: 0)']");
    expect(changed).not.toBe(text);
    fs.writeFileSync(log, changed);
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8')) as { query: string };
    const v = (await traceRequest([dir], expected.query)).trace!.verdict;
    expect(v.status).toBe('ERROR');
    expect(v.filter ?? null).toBeNull();
    expect(v.cause?.id).not.toBe('az-mismatch');
  });
});
