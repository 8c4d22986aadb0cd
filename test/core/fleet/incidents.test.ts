// incidents on every sample and real-log set: the failures it groups are the failures the
// tracer finds when every boot is traced (the index's shortcut for quietly built boots hides
// none), each failed boot's trace says the same as `nova-trace <id>`, and the window counts
// back from the newest log line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { traceBoots } from '../../../core/fleet/boot-traces.js';
import { groupIncidents } from '../../../core/fleet/incidents.js';
import { traceRequest } from '../../../core/trace/trace-request.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-incidents-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const sets = [
  ...fs.readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(SAMPLES, d.name)),
  ...fs.readdirSync(REAL_LOGS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(REAL_LOGS, d.name)),
];

describe('nova-trace incidents', () => {
  let failures = 0;
  it.each(sets.map((d) => [path.basename(d), d]))('%s: the same failures with or without the shortcut', async (name, dir) => {
    const all = await traceBoots({ paths: [dir], indexFile: path.join(tmp, `${name}-all.sqlite`), window: {}, only: 'all' });
    const quick = await traceBoots({ paths: [dir], indexFile: path.join(tmp, `${name}-quick.sqlite`), window: {}, only: 'failures' });
    expect(quick.boots).toBe(all.boots);
    const failed = (r: typeof all) => r.outcomes.filter((o) => o.status === 'ERROR' || o.status === 'STUCK').map((o) => `${o.request_id} ${o.status} ${o.cause} ${o.host}`).sort();
    expect(failed(quick)).toEqual(failed(all));
    expect(groupIncidents(quick.outcomes)).toEqual(groupIncidents(all.outcomes));
    for (const o of all.outcomes.slice(0, 4)) {
      const { trace } = await traceRequest([dir], o.request_id, { index: null });
      expect(trace!.verdict.status).toBe(o.status);
    }
    failures += failed(all).length;
  });

  it('found failures at all (the sets hold failed boots)', () => {
    expect(failures).toBeGreaterThan(3);
  });

  it('groups the retries-exceeded sample under its cause and host', async () => {
    const dir = path.join(SAMPLES, 'retries-exceeded');
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const r = await traceBoots({ paths: [dir], indexFile: path.join(tmp, 'rx.sqlite'), window: {}, only: 'failures' });
    const groups = groupIncidents(r.outcomes);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups[0].examples).toContain(expected.query);
    expect(groups[0].probable_cause).toBeTruthy();
  });

  it('counts --since back from the newest log line', async () => {
    const dir = path.join(REAL_LOGS, 'fi-pike-neutron-t179');
    const all = await traceBoots({ paths: [dir], indexFile: path.join(tmp, 'since.sqlite'), window: {}, only: 'all' });
    const late = await traceBoots({ paths: [dir], indexFile: path.join(tmp, 'since.sqlite'), window: { sinceMs: 60_000 }, only: 'all' });
    expect(late.newest).not.toBeNull();
    expect(late.to).toBe(late.newest);
    expect(late.from).toBe(late.newest! - 60_000);
    expect(late.boots).toBeLessThan(all.boots);
    for (const o of late.outcomes) expect(o.ts).toBeGreaterThanOrEqual(late.from);
  });
});
