// nova-trace as a user runs it: the compiled CLI in a child process (npm test builds dist/ first).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realLogDir } from '../helpers/real-logs.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const KILO = realLogDir('rdo-kilo-boots');
const BOOT = 'req-3659683e-40bd-43a5-a7d3-7d909fda70f5';

describe('nova-trace CLI', () => {
  it('prints the stage report and exits 0 for a boot that became ACTIVE', () => {
    const r = run(BOOT, '--log-dir', KILO);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ACTIVE on controller1');
    expect(r.out).toMatch(/compute\.claim\s+controller1\s+ok/);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('prints nova-trace/v1 JSON with --json', () => {
    const r = run(BOOT, '--log-dir', KILO, '--json', '--workers', '2');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t).toMatchObject({ schema: 'nova-trace/v1', query: BOOT, operation: 'boot', verdict: { status: 'ACTIVE' } });
    const rec = t.records.find((x: { message: string }) => x.message === 'Instance spawned successfully.');
    expect(rec).toMatchObject({ file: 'controller1/nova-compute.log', line: 361, joined_by: 'instance' });
  });

  it('exits 2 and says where it looked when no record names the id', () => {
    const r = run('req-00000000-0000-4000-8000-000000000000', '--log-dir', KILO);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no log record names req-0{8}-0000-4000-8000-0{12} in 6 file\(s\) under .*rdo-kilo-boots/);
  });

  it.each([
    [[], /a request id \(req-…\) or an instance uuid is required/],
    [['hello'], /'hello' is neither a request id/],
    [[BOOT, '--frobnicate'], /unknown option --frobnicate/],
    [[BOOT, '--workers', '0'], /--workers must be an integer from 1 to 64/],
    [[BOOT, '--log-dir'], /--log-dir needs a value/],
  ])('rejects %j with exit 2 and a message naming the problem', (args, msg) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(r.err).toContain('usage: nova-trace');
  });

  it('exits 2 for a log directory that does not exist', () => {
    const r = run(BOOT, '--log-dir', '/nonexistent/nova');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file or directory: /nonexistent/nova');
  });
});
