// Benchmark of the index (issue 15 §2), side by side in one run on the ≥ 1 GiB corpus
// (npm run bench:index):
//  - full build: `nova-trace index --json` into a fresh index file, against lnav indexing the
//    same files (`lnav -n -c ';SELECT count(*) FROM all_logs' <files>`: lnav must index every
//    file to count its messages; its count must equal the log records the index build read,
//    or its time is not reported); GiB/s, index size against the logs, peak RSS;
//  - trace of each target request with the fresh index, without it (--no-index), and `rg -F` /
//    `grep -rF` for the id, against `node -e 0` (whole-process time). Every nova-trace run is
//    checked against the corpus' ground truth (trace-check.ts), every peer's output against
//    grep's (peer-tools.ts); a failed run is printed as 'failed: <why>', never as a time;
//  - refresh after 10 MB appended to one file (a second index over symlinks to the corpus plus
//    one real file, so the corpus itself is never modified).
// Figures are medians of --runs runs (default 3; the full build runs once per run too).
// Targets (issue): build ≤ 3 s/GiB and ≤ 0.5 × lnav, index ≤ 10 % of the logs, RSS ≤ 300 MB,
// trace with index ≤ 2 × `node -e 0`, refresh ≤ 0.3 s. A report: exit 0 whether met or not.
//
//   tsx test/bench/index-bench.ts [--size-mib 1100] [--seed 42] [--runs 3] [--targets 3]

import { appendFileSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, DEFAULT_SIZE_MIB, ensureCorpus, logDirOf, readTruth } from './corpus-generator.js';
import { measure, median, option, toolVersion, type Measured } from './measure.js';
import { filesUnder, GREP, grepFailure, installedPeers, peerFailure } from './peer-tools.js';
import { checkTrace } from './trace-check.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'dist/nova-trace.js');
const TIMEOUT_S = 600;

const SIZE = option('--size-mib', DEFAULT_SIZE_MIB), SEED = option('--seed', DEFAULT_SEED), RUNS = option('--runs', 3), TARGETS = option('--targets', 3);
const say = (s: string) => process.stderr.write(`${s}\n`);
const out = (s: string) => process.stdout.write(`${s}\n`);

type Figure = number | { failed: string };
const fmt = (f: Figure, unit = 's', digits = 2): string => (typeof f === 'number' ? `${f.toFixed(digits)} ${unit}` : `failed: ${f.failed}`);
function medianOf(xs: Figure[]): Figure {
  const bad = xs.find((x): x is { failed: string } => typeof x !== 'number');
  return bad ?? median(xs as number[]);
}

function ranOk(m: Measured): string | null {
  if (m.timedOut) return `timed out after ${TIMEOUT_S} s`;
  if (m.exitCode !== 0) return `exit status ${m.exitCode ?? m.signal}: ${m.stderr.trim().split('\n').pop()?.slice(0, 160)}`;
  return null;
}

async function main(): Promise<void> {
  const corpusDir = process.env.NOVA_TRACE_BENCH_DIR ?? join(tmpdir(), `nova-trace-bench-${SIZE}-${SEED}`);
  const { manifest } = ensureCorpus({ out: corpusDir, sizeMiB: SIZE, seed: SEED, log: say });
  const logs = logDirOf(corpusDir);
  const truth = readTruth(corpusDir).slice(0, TARGETS);
  const work = mkdtempSync(join(tmpdir(), 'nt-index-bench-'));
  try {
    const GiB = manifest.bytes / 2 ** 30;
    say(`corpus: ${logs}, ${(manifest.bytes / 1e6).toFixed(0)} MB in ${manifest.files.length} files; node ${process.version}; ${toolVersion('lnav', ['-V']) ?? 'lnav not installed'}`);
    // Warm the page cache once for every tool.
    for (const f of filesUnder(logs)) { const fd = openSync(f, 'r'); const b = Buffer.allocUnsafe(1 << 20); while (readSync(fd, b) > 0); closeSync(fd); }

    const nodeStart: number[] = [];
    for (let r = 0; r < 5; r++) nodeStart.push((await measure(process.execPath, ['-e', '0'])).wallS);
    const node0 = median(nodeStart);

    // Full builds into fresh index files, and lnav indexing the same files.
    const builds: Figure[] = [], lnavs: Figure[] = [], rss: number[] = [];
    let summary: { records: number; index_bytes: number; bytes_read: number } | null = null;
    const index = join(work, 'index.sqlite');
    const hasLnav = toolVersion('lnav', ['-V']) !== null;
    let lnavCount = 0;
    for (let r = 0; r < RUNS; r++) {
      rmSync(index, { force: true }); rmSync(`${index}-wal`, { force: true }); rmSync(`${index}-shm`, { force: true });
      const m = await measure(process.execPath, [CLI, 'index', '--log-dir', logs, '--index', index, '--json'], { keepStdout: true, timeoutS: TIMEOUT_S });
      const bad = ranOk(m);
      if (!bad) summary = JSON.parse(m.stdout!.toString('utf8'));
      builds.push(bad ? { failed: bad } : summary!.bytes_read === manifest.bytes ? m.wallS : { failed: `read ${summary!.bytes_read} of ${manifest.bytes} bytes` });
      if (m.rssKb !== null) rss.push(m.rssKb / 1024);
      if (hasLnav) {
        const l = await measure('lnav', ['-n', '-c', ';SELECT count(*) AS n FROM all_logs', ...filesUnder(logs)], { keepStdout: true, timeoutS: TIMEOUT_S });
        const n = Number((l.stdout?.toString('utf8') ?? '').trim().split('\n').pop());
        // lnav counts messages its own way (a few headers it takes for continuations): it must have
        // read every file, i.e. counted within 0.1 % of the records the index build read.
        const lbad = ranOk(l) ?? (l.stderr.trim() ? `stderr: ${l.stderr.trim().slice(0, 120)}` : null)
          ?? (!summary ? 'no index build to compare with' : !(Math.abs(n - summary.records) <= summary.records * 0.001) ? `counted ${l.stdout?.toString('utf8').trim().slice(0, 80)} messages, the logs hold ${summary.records} records` : null);
        lnavs.push(lbad ? { failed: lbad } : l.wallS);
        if (!lbad) lnavCount = n;
      }
    }
    const build = medianOf(builds), lnav = hasLnav ? medianOf(lnavs) : { failed: 'lnav not installed' };

    // Traces: with the fresh index, without it, and the peers, per target.
    const { peers } = installedPeers();
    const rows: { id: string; idx: Figure; noidx: Figure; grep: Figure; rg: Figure }[] = [];
    for (const t of truth) {
      const times: Record<string, Figure[]> = { idx: [], noidx: [], grep: [], rg: [] };
      for (let r = 0; r < RUNS; r++) {
        const g = await measure(GREP.cmd, GREP.args(t.query, logs), { env: GREP.env, keepStdout: true, timeoutS: TIMEOUT_S });
        const gbad = grepFailure(g, TIMEOUT_S);
        times.grep.push(gbad ? { failed: gbad } : g.wallS);
        for (const [key, extra] of [['idx', ['--index', index]], ['noidx', ['--no-index']]] as const) {
          const m = await measure(process.execPath, [CLI, t.query, '--log-dir', logs, '--json', ...extra], { keepStdout: true, timeoutS: TIMEOUT_S });
          const c = checkTrace(m, t, TIMEOUT_S);
          times[key].push(c.correct ? m.wallS : { failed: c.error ?? `wrong trace: ${[...c.mismatches, ...c.missing.map((x) => `missing ${x}`), ...c.extra.map((x) => `extra ${x}`)].slice(0, 2).join('; ')}` });
        }
        const rg = peers.find((p) => p.name === 'rg');
        if (rg) {
          const m = await measure(rg.cmd, rg.args(t.query, logs), { keepStdout: true, timeoutS: TIMEOUT_S });
          const bad = gbad ? `grep failed: ${gbad}` : peerFailure(m, t.query, g.stdoutLines, TIMEOUT_S);
          times.rg.push(bad ? { failed: bad } : m.wallS);
        } else times.rg.push({ failed: 'rg not installed' });
      }
      rows.push({ id: t.query, idx: medianOf(times.idx), noidx: medianOf(times.noidx), grep: medianOf(times.grep), rg: medianOf(times.rg) });
    }

    // Refresh after 10 MB appended: an index over symlinks to the corpus plus one real file.
    const mirror = join(work, 'logs');
    for (const f of filesUnder(logs)) { const to = join(mirror, relative(logs, f)); mkdirSync(dirname(to), { recursive: true }); symlinkSync(f, to); }
    const grown = join(mirror, 'cmp9', 'nova-compute.log');
    mkdirSync(dirname(grown), { recursive: true });
    const donor = join(logs, 'cmp1', 'nova-compute.log');
    copyFileSync(donor, grown);
    const mirrorIndex = join(work, 'mirror.sqlite');
    const first = await measure(process.execPath, [CLI, 'index', '--log-dir', mirror, '--index', mirrorIndex, '--json'], { timeoutS: TIMEOUT_S });
    const refreshes: Figure[] = [];
    const appended = 10_000_000;
    const chunk = Buffer.allocUnsafe(appended);
    const fd = openSync(donor, 'r'); const n = readSync(fd, chunk, 0, appended, 0); closeSync(fd);
    const whole = chunk.subarray(0, chunk.lastIndexOf(10, n - 1) + 1);
    for (let r = 0; r < RUNS && !ranOk(first); r++) {
      appendFileSync(grown, whole);
      const m = await measure(process.execPath, [CLI, 'index', '--log-dir', mirror, '--index', mirrorIndex, '--json'], { keepStdout: true, timeoutS: TIMEOUT_S });
      const bad = ranOk(m);
      const s = bad ? null : JSON.parse(m.stdout!.toString('utf8'));
      refreshes.push(bad ? { failed: bad } : s.bytes_read === whole.length ? m.wallS : { failed: `read ${s.bytes_read} bytes, ${whole.length} were appended` });
    }
    const refresh = ranOk(first) ? { failed: `first build: ${ranOk(first)}` } : medianOf(refreshes);

    out(`\nnova-trace index benchmark — ${(manifest.bytes / 1e6).toFixed(0)} MB (${GiB.toFixed(2)} GiB) in ${manifest.files.length} files, ${RUNS} run(s), medians`);
    out(`| what | figure | target |`);
    out(`|---|---|---|`);
    out(`| full build | ${fmt(build)}${typeof build === 'number' ? ` (${(build / GiB).toFixed(2)} s/GiB, ${(GiB / build).toFixed(2)} GiB/s)` : ''} | ≤ 3 s/GiB |`);
    out(`| lnav indexing the same files${lnavCount ? ` (counted ${lnavCount} messages; index: ${summary?.records} records)` : ''} | ${fmt(lnav)}${typeof build === 'number' && typeof lnav === 'number' ? ` (build = ${(build / lnav).toFixed(2)} × lnav)` : ''} | build ≤ 0.5 × lnav |`);
    out(`| index size | ${summary ? `${(summary.index_bytes / 1e6).toFixed(1)} MB = ${((summary.index_bytes / manifest.bytes) * 100).toFixed(1)} % of the logs` : 'failed'} | ≤ 10 % |`);
    out(`| peak RSS of the build | ${rss.length ? `${median(rss).toFixed(0)} MB` : 'not measured'} | ≤ 300 MB |`);
    out(`| refresh after 10 MB appended | ${fmt(refresh)} | ≤ 0.3 s |`);
    out(`| node -e 0 | ${node0.toFixed(3)} s | |`);
    out(`\n| target request | with index | × node -e 0 | no index | grep -rF | rg -F |`);
    out(`|---|---|---|---|---|---|`);
    for (const r of rows) out(`| ${r.id} | ${fmt(r.idx, 's', 3)} | ${typeof r.idx === 'number' ? (r.idx / node0).toFixed(2) : '-'} | ${fmt(r.noidx, 's', 3)} | ${fmt(r.grep, 's', 3)} | ${fmt(r.rg, 's', 3)} |`);
    out(`\ntarget: trace with index ≤ 2 × node -e 0 (≥ 3 × faster than rg)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: Error) => { process.stderr.write(`index benchmark failed: ${e.stack ?? e.message}\n`); process.exitCode = 1; });
