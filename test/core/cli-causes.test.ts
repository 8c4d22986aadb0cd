// `nova-trace causes` and `--causes FILE` as a user runs them (the built program).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-cli-causes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
const SITE = { causes: [{ id: 'frobnicator', stage: 'compute.spawn', match: { text: 'Frobnicator exploded' }, probable_cause: 'p', next_check: 'n', examples: ['2025-01-01 00:00:00.000 1 ERROR nova.compute.manager [req-11111111-2222-4333-8444-555555555555 u p - - -] Instance failed to spawn: Frobnicator exploded'] }] };

describe('nova-trace causes', () => {
  it('lists the shipped catalogue with a site file first', () => {
    const site = path.join(tmp, 'site.json');
    fs.writeFileSync(site, JSON.stringify(SITE));
    const r = run(['causes', '--causes', site]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+stage\s+source\s+matches$/);
    expect(lines[1]).toMatch(/^frobnicator\s+compute\.spawn\s+\S*site\.json/);
    expect(r.stdout).toMatch(/^hosts-full\s+scheduler\.select_destinations\s+built-in/m);
    const shipped = (JSON.parse(fs.readFileSync(path.join(ROOT, 'core/causes/catalogue.json'), 'utf8')) as { causes: unknown[] }).causes.length;
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${shipped + 1} causes, \\d+ example lines checked$`));
  });

  it('checks a site file: 0 when good, 2 with the entry named when not', () => {
    const good = path.join(tmp, 'good.json');
    fs.writeFileSync(good, JSON.stringify(SITE));
    expect(run(['causes', '--check', good])).toMatchObject({ status: 0, stdout: expect.stringContaining('1 cause(s), 1 example line(s), all good') });
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ causes: [{ ...SITE.causes[0], match: { text: 'something else' } }] }));
    const r = run(['causes', '--check', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: cause 'frobnicator': example 1 does not match the entry/);
  });

  it('refuses to trace with a bad $NOVA_TRACE_CAUSES file, naming it', () => {
    const bad = path.join(tmp, 'env-bad.json');
    fs.writeFileSync(bad, '[{"id": "x"}]');
    const r = run(['req-8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b', '--log-dir', path.join(ROOT, 'samples/no-allocation-candidates')], { NOVA_TRACE_CAUSES: bad });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/env-bad\.json: cause 'x': stage 'undefined' is not one of/);
  });
});
