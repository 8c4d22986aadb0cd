// `nova-trace tail` as scripts use it (stdout not a terminal → the merged view is printed) and
// its argument checks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTailArgs, TailUsageError } from '../../../tui/cli/tail-args.js';
import { wantsTail } from '../../../tui/cli/nova-trace-args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');
const SAMPLE = path.join(ROOT, 'samples/reschedule');
const REAL_SET = path.join(ROOT, '../shared/real-logs/fi-pike-nova-t57');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('nova-trace tail into a pipe', () => {
  it('prints the merged view of a directory and exits 0', () => {
    const r = run('tail', '--log-dir', SAMPLE);
    expect(r.code).toBe(0);
    const heads = r.out.split('\n').filter((x) => /^\d\d:\d\d:\d\d\.\d{3} /.test(x));
    const times = heads.map((x) => x.slice(0, 12));
    expect(times).toEqual([...times].sort());
    expect(r.out).toMatch(/cpu@cmp1 +ERROR +req-f541c3b1 \[1251d603\] Instance failed to spawn/);
    expect(r.out).toMatch(/^\s+Traceback \(most recent call last\):$/m);
  });

  it('filters (--level, --request) and writes JSON lines with -o json', () => {
    const r = run('tail', '--no-follow', '--log-dir', SAMPLE, '--level', 'error', '--request', 'req-f541c3b1-affa-48e2-8781-570a61c26251', '-o', 'json');
    expect(r.code).toBe(0);
    const recs = r.out.trim().split('\n').map((x) => JSON.parse(x));
    expect(recs.length).toBeGreaterThan(0);
    for (const x of recs) expect(x).toMatchObject({ level: 'ERROR', request_id: 'req-f541c3b1-affa-48e2-8781-570a61c26251' });
  });

  it('writes the same bytes into a regular file as into a pipe', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-tail-file-'));
    try {
      // Several megabytes of output, so that the print's 1 MiB buffers are written and reused.
      const logs = path.join(dir, 'logs');
      for (const copy of ['a', 'b', 'c', 'd', 'e']) fs.cpSync(REAL_SET, path.join(logs, copy), { recursive: true });
      const file = path.join(dir, 'out.txt');
      const fd = fs.openSync(file, 'w');
      // Workers however small the directory: the batches are written while the next are merged.
      const env = { ...process.env, NOVA_TRACE_PRINT: 'workers' };
      const r = spawnSync(process.execPath, [CLI, 'tail', '--no-follow', '--log-dir', logs], { stdio: ['ignore', fd, 'pipe'], env, timeout: 20_000 });
      fs.closeSync(fd);
      expect(r.status).toBe(0);
      const piped = spawnSync(process.execPath, [CLI, 'tail', '--no-follow', '--log-dir', logs], { env, timeout: 20_000, maxBuffer: 64 << 20 });
      expect(piped.stdout.length).toBeGreaterThan(4 << 20);
      expect(fs.readFileSync(file).equals(piped.stdout)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['tail', '--bogus'], /unknown option --bogus/],
    [['tail', '--log-dir', '/nonexistent/nova'], /no such directory: \/nonexistent\/nova/],
    [['tail', '--log-dir', SAMPLE, '--grep', '(unclosed'], /--grep: not a regular expression/],
    [['tail', '--log-dir', SAMPLE, '--filter', 'loud+'], /--filter 'loud\+'/],
    [['tail', '--log-dir', SAMPLE, '-o', 'xml'], /-o must be text or json/],
  ])('refuses %j with exit 2 and says why', (args, msg) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(r.err).toContain('usage: nova-trace tail');
  });
});

describe('tail arguments', () => {
  it('defaults to $NOVA_TRACE_LOG_DIR, then /var/log/nova', () => {
    expect(parseTailArgs([], { NOVA_TRACE_LOG_DIR: '/srv/logs' }).dir).toBe('/srv/logs');
    expect(parseTailArgs([], {}).dir).toBe('/var/log/nova');
  });
  it("takes the incidents pane's index as nova-trace incidents does, and --no-incidents", () => {
    expect(parseTailArgs([], { NOVA_TRACE_INDEX: '/srv/i.sqlite' })).toMatchObject({ index: '/srv/i.sqlite', incidents: true });
    expect(parseTailArgs([], { XDG_CACHE_HOME: '/c' }).index).toBe('/c/nova-trace/index.sqlite');
    expect(parseTailArgs(['--index', '/x.sqlite', '--no-incidents'], {})).toMatchObject({ index: '/x.sqlite', incidents: false });
  });
  it('takes --opt=value and refuses a second --log-dir', () => {
    expect(parseTailArgs(['--log-dir=/x', '--max-records=5000'], {})).toMatchObject({ dir: '/x', maxRecords: 5000 });
    expect(() => parseTailArgs(['--log-dir', '/a', '--log-dir', '/b'], {})).toThrow(TailUsageError);
    expect(() => parseTailArgs(['--max-records', '0'], {})).toThrow(/--max-records must be a decimal integer/);
  });
  it.each(['0x10', '1e3', ' 5', '5.0', '-1'])('takes numbers as decimal only: --tail-kib %j is refused', (v) => {
    expect(() => parseTailArgs(['--tail-kib', v], {})).toThrow(`--tail-kib must be a decimal integer from 1 to 1048576, not '${v}'`);
  });
  it.each([
    [['tail'], false, true],
    [[], true, true],
    [[], false, false],
    [['req-1234abcd-0000'], true, false],
  ])('argv %j on a terminal=%s opens the live view: %s', (argv, tty, want) => {
    expect(wantsTail(argv as string[], tty as boolean)).toBe(want);
  });
});
