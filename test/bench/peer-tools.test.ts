// The tracer benchmark's check of its comparison tools, on real runs of them (real logs): a run
// that fails is refused with its reason, whatever its exit status says; a good run passes.
import { describe, expect, it } from 'vitest';
import { realLogDir } from '../helpers/real-logs.js';
import { measure, toolVersion } from './measure.js';
import { GREP, grepFailure, installedPeers, linesWith, peerFailure } from './peer-tools.js';

const KILO = realLogDir('rdo-kilo-boots');
const BOOT = 'req-3659683e-40bd-43a5-a7d3-7d909fda70f5';
const GREP_LINES = 18; // grep -rF BOOT KILO | wc -l
const run = (cmd: string, args: string[], timeoutS = 30) => measure(cmd, args, { keepStdout: true, timeoutS });

describe('grep, the baseline', () => {
  it('passes when it finds the id, fails when it finds nothing', async () => {
    const good = await run(GREP.cmd, GREP.args(BOOT, KILO));
    expect(grepFailure(good, 30)).toBeNull();
    expect(good.stdoutLines).toBe(GREP_LINES);
    const none = await run(GREP.cmd, GREP.args('req-00000000-0000-4000-8000-000000000000', KILO));
    expect(grepFailure(none, 30)).toBe('exit status 1');
  });
});

describe('a comparison tool whose run fails is refused, with the reason', () => {
  it('too few lines (here grep -m 1)', async () => {
    const m = await run('grep', ['-rF', '-m', '1', '--', BOOT, KILO]);
    expect(m.exitCode).toBe(0);
    expect(peerFailure(m, BOOT, GREP_LINES, 30)).toBe(`printed ${m.stdoutLines} line(s) naming the id, grep found ${GREP_LINES}`);
  });

  it('a non-zero exit status, with its stderr', async () => {
    const m = await run('grep', ['-rF', '--', BOOT, '/nonexistent/nova']);
    expect(peerFailure(m, BOOT, GREP_LINES, 30)).toMatch(/^exit status 2 \(stderr: grep: \/nonexistent\/nova: No such file or directory\)$/);
  });

  it('a timeout', async () => {
    const m = await run('sleep', ['1'], 0.2);
    expect(peerFailure(m, BOOT, GREP_LINES, 0.2)).toBe('timed out after 0.2 s');
  });

  it('lines are counted only where they name the id (a message\'s continuation lines do not count)', async () => {
    const m = await run('grep', ['-rF', '-A', '2', '--', BOOT, KILO]);
    expect(m.stdoutLines).toBeGreaterThan(GREP_LINES);
    expect(linesWith(m, BOOT)).toBe(GREP_LINES);
  });
});

const lnav = toolVersion('lnav', ['-V']);

describe.skipIf(lnav === null)(`lnav (${lnav ?? 'not installed'})`, () => {
  it('the invocation the benchmark used before exits 0 with nothing on stdout, and is refused', async () => {
    const m = await run('lnav', ['-n', '-c', `:filter-in ${BOOT}`, '-c', ':write-raw-to -', KILO]);
    expect(m.exitCode).toBe(0);
    expect(peerFailure(m, BOOT, GREP_LINES, 30)).toMatch(/^exit status 0 but an error \(stderr: .*no lines marked to write/);
  });

  it('the benchmark\'s invocation finds what grep finds and passes', async () => {
    const peer = installedPeers().peers.find((p) => p.name === 'lnav')!;
    const m = await run(peer.cmd, peer.args(BOOT, KILO));
    expect(peerFailure(m, BOOT, GREP_LINES, 30)).toBeNull();
  });
});
