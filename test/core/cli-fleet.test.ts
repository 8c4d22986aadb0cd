// The built program's index, incidents and stats commands as a user runs them: the default
// index under $XDG_CACHE_HOME, quiet when not on a terminal, --json, exit statuses, usage
// errors, and `nova-trace <id>` taking the default index without being asked (same output).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-cli-fleet-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));
const env = { XDG_CACHE_HOME: cache, NOVA_TRACE_INDEX: '' };
const dir = path.join(ROOT, 'samples', 'retries-exceeded');
const query = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).query as string;

describe('nova-trace index | incidents | stats', () => {
  it('builds the default index, quietly, and says nothing is new the second time', () => {
    const first = runCli(BIN.trace, ['index', '--log-dir', dir, '--json'], env);
    expect(first.code).toBe(0);
    expect(first.err).toBe('');
    const sum = JSON.parse(first.out);
    expect(sum.index).toBe(path.join(cache, 'nova-trace', 'index.sqlite'));
    expect(sum.indexed).toBeGreaterThan(0);
    const second = runCli(BIN.trace, ['index', '--log-dir', dir], env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/read 0\.0 MB .* unchanged/);
  });

  it('traces with the default index what it traces without one', () => {
    const withIndex = runCli(BIN.trace, [query, '--log-dir', dir, '--json'], env);
    const without = runCli(BIN.trace, [query, '--log-dir', dir, '--json', '--no-index'], env);
    expect(withIndex.code).toBe(without.code);
    expect(withIndex.out).toBe(without.out);
    expect(JSON.parse(withIndex.out).verdict.status).toBe('ERROR');
  });

  it('lists the incident, exit 1, and says where the window comes from', () => {
    const text = runCli(BIN.trace, ['incidents', '--since', '1d', '--log-dir', dir], env);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/counted back from the newest log line, not from now/);
    expect(text.out).toContain(query);
    const json = JSON.parse(runCli(BIN.trace, ['incidents', '--since', '1d', '--log-dir', dir, '--json'], env).out);
    expect(json.failed_or_stuck).toBeGreaterThan(0);
    expect(json.incidents[0].examples).toContain(query);
  });

  it('prints stats by stage and host, and JSON', () => {
    const text = runCli(BIN.trace, ['stats', '--log-dir', dir, '--by', 'host'], env);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^host +count +p50 +p95 +p99 +max +failed$/m);
    const json = JSON.parse(runCli(BIN.trace, ['stats', '--log-dir', dir, '--json'], env).out);
    expect(json.boots).toBeGreaterThan(0);
    expect(Object.keys(json.by_stage)).toContain('compute.spawn');
  });

  it('refuses bad arguments with exit 2 and the usage', () => {
    const r = runCli(BIN.trace, ['incidents', '--since', 'yesterday'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--since takes a duration/);
    expect(runCli(BIN.trace, ['stats', '--help'], env)).toMatchObject({ code: 0 });
  });

  it('withholds causes and next checks while a hands-on lab reads these logs, as a trace does', () => {
    const labDir = path.join(cache, 'lab');
    fs.mkdirSync(labDir, { recursive: true });
    fs.writeFileSync(path.join(labDir, 'hands-on.json'), JSON.stringify({ lab: 'kvm', log_dir: dir, end: 'nova-lab reset ends it' }));
    const labEnv = { ...env, NOVA_LAB_DIR: labDir };
    const open = JSON.parse(runCli(BIN.trace, ['incidents', '--since', '1d', '--log-dir', dir, '--json'], env).out);
    const held = JSON.parse(runCli(BIN.trace, ['incidents', '--since', '1d', '--log-dir', dir, '--json'], labEnv).out);
    expect(open.incidents[0].probable_cause).toBeTruthy();
    expect(held.withheld).toMatchObject({ lab: 'kvm' });
    expect(held.failed_or_stuck).toBe(open.failed_or_stuck);
    for (const g of held.incidents) expect(g).toMatchObject({ probable_cause: null, next_check: null });
    expect(JSON.stringify(held.incidents)).not.toContain(open.incidents[0].cause);
    const text = runCli(BIN.trace, ['incidents', '--since', '1d', '--log-dir', dir], labEnv).out;
    expect(text).toContain("hands-on lab 'kvm' is running: causes and next checks are withheld; nova-lab reset ends it");
    expect(text).not.toMatch(/cause: |check: /);
  });
});
