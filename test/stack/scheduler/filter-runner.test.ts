// The filter runner's log lines, written to a real log file and read back: the funnel per
// filter, and the summary that names the filter that removed the last host.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import { runFilters } from '../../../stack/scheduler/filter-runner.js';
import { filtersByName } from '../../../stack/scheduler/filters/registry.js';
import { flavor, host, spec } from './fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-filter-runner-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FILTERS = filtersByName(['RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'RamFilter', 'CoreFilter']);
const HOSTS = [host({ host: 'cmp1', freeRamMb: 512 }), host({ host: 'cmp2', freeRamMb: 1024 })];

function run(name: string, memoryMb: number, release: 'legacy' | 'current' = 'legacy') {
  const file = path.join(tmp, `${name}.log`);
  const log = new OsloLogger('root', new FileSink(file));
  const ctx = userContext('u1', 'p1', ['member']);
  const s = spec({ flavor: flavor({ memory_mb: memoryMb }) });
  const out = runFilters(FILTERS, HOSTS, { spec: s, ctx, log, group: null, triedHosts: [] }, release);
  log.flush();
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const bracket = `[None ${ctx.requestId} u1 p1 - - default default]`;
  // Drop timestamp and pid: "<level> <logger> <ctx> <message…>".
  return { out, lines: lines.map((l) => l.split(' ').slice(3).join(' ').replace(bracket, '<ctx>')), raw: lines, uuid: s.instance_uuid };
}

describe('filter runner', () => {
  it('logs each filter\'s host count when hosts remain', () => {
    const { out, lines } = run('fits', 512);
    expect(out.hosts.map((h) => h.host)).toEqual(['cmp1', 'cmp2']);
    expect(out.steps.at(-1)).toEqual({ filter: 'CoreFilter', start: 2, end: 2 });
    const where = '/usr/lib/python3/dist-packages/nova/filters.py';
    expect(lines).toEqual([
      `DEBUG nova.filters <ctx> Starting with 2 host(s) get_filtered_objects ${where}:70`,
      ...['RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'RamFilter', 'CoreFilter']
        .map((f) => `DEBUG nova.filters <ctx> Filter ${f} returned 2 host(s) get_filtered_objects ${where}:102`),
    ]);
  });

  it('names the filter that emptied the list, in Nova\'s two summary lines', () => {
    const { out, lines, raw, uuid } = run('full', 2048);
    expect(out.hosts).toEqual([]);
    expect(out.steps).toEqual([
      { filter: 'RetryFilter', start: 2, end: 2 }, { filter: 'AvailabilityZoneFilter', start: 2, end: 2 },
      { filter: 'ComputeFilter', start: 2, end: 2 }, { filter: 'RamFilter', start: 2, end: 0 },
    ]);
    expect(lines.filter((l) => l.includes('ram_filter'))).toEqual([
      'DEBUG nova.scheduler.filters.ram_filter <ctx> (cmp1, cmp1) ram: 512MB disk: 40960MB io_ops: 0 instances: 0 does not have 2048 MB usable ram, it only has 512.0 MB usable ram. host_passes /usr/lib/python3/dist-packages/nova/scheduler/filters/ram_filter.py:57',
      'DEBUG nova.scheduler.filters.ram_filter <ctx> (cmp2, cmp2) ram: 1024MB disk: 40960MB io_ops: 0 instances: 0 does not have 2048 MB usable ram, it only has 1024.0 MB usable ram. host_passes /usr/lib/python3/dist-packages/nova/scheduler/filters/ram_filter.py:57',
    ]);
    const tail = lines.slice(-3);
    expect(tail[0]).toBe('INFO nova.filters <ctx> Filter RamFilter returned 0 hosts');
    expect(tail[1]).toBe(`DEBUG nova.filters <ctx> Filtering removed all hosts for the request with instance ID '${uuid}'. Filter results: `
      + "[('RetryFilter', [('cmp1', 'cmp1'), ('cmp2', 'cmp2')]), ('AvailabilityZoneFilter', [('cmp1', 'cmp1'), ('cmp2', 'cmp2')]), "
      + "('ComputeFilter', [('cmp1', 'cmp1'), ('cmp2', 'cmp2')]), ('RamFilter', None)] get_filtered_objects /usr/lib/python3/dist-packages/nova/filters.py:129");
    expect(tail[2]).toBe(`INFO nova.filters <ctx> Filtering removed all hosts for the request with instance ID '${uuid}'. Filter results: `
      + "['RetryFilter: (start: 2, end: 2)', 'AvailabilityZoneFilter: (start: 2, end: 2)', 'ComputeFilter: (start: 2, end: 2)', 'RamFilter: (start: 2, end: 0)']");
    expect(lines.some((l) => l.includes('CoreFilter'))).toBe(false);
    // Each line is a full oslo.log record: date, time, pid.
    for (const l of raw) expect(l).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ (DEBUG|INFO) /);
  });

  it('logs "Filtering removed all hosts" once at INFO and once at DEBUG, from the line of the release\'s nova/filters.py', () => {
    for (const [release, line] of [['legacy', 129], ['current', 114]] as const) {
      const { lines } = run(`removed-${release}`, 2048, release);
      const removed = lines.filter((l) => l.includes('Filtering removed all hosts'));
      expect(removed.map((l) => l.split(' ')[0])).toEqual(['DEBUG', 'INFO']);
      expect(removed.every((l) => l.split(' ')[1] === 'nova.filters')).toBe(true);
      expect(removed[0]).toMatch(new RegExp(`get_filtered_objects /usr/lib/python3/dist-packages/nova/filters\\.py:${line}$`));
      expect(removed[1]).not.toMatch(/get_filtered_objects/);
    }
  });
});
