// Benchmark: `nova-trace <req-id> --json` against `grep -rF <req-id>` on the same ≥ 1 GiB of
// Nova logs, in one run, reported as ratios (npm run bench).
//
// What is measured, per target request of the corpus (see corpus-generator.ts):
//  - grep: `LC_ALL=C grep -rF -- <req-id> <log dir>`, stdout piped to this process and only
//    counted. (Not sent to /dev/null: GNU grep notices a /dev/null stdout and stops at the
//    first match, which would not be a search of the whole corpus.) LC_ALL=C is grep's
//    fastest mode, so the baseline is the strongest one.
//  - nova-trace: `node dist/nova-trace.js <req-id> --log-dir <log dir> --json`, no
//    index, node start-up included; stdout kept and checked against the ground truth.
//  - ripgrep (`rg -F`) and lnav (`lnav -n -c ':filter-in <id>' <files>`), when installed. Their
//    output is checked (peer-tools.ts): a run that fails — exit status, stderr, or not the lines
//    grep found — is reported as "failed: <why>", never as a time.
// Each command runs --runs times (default 3), interleaved, after every file of the corpus has
// been read once so that all tools find it in the page cache; the figure is the median wall
// time. Peak RSS: GNU time's %M (wait4 ru_maxrss of the tracer process), cross-checked by a
// /proc sampler for child processes; see measure.ts. MB = 10^6 bytes (the stricter reading).
// Table columns also give grep's matching lines and the records the trace must hold (grep sees
// neither the instance-only records nor the traceback lines attached to them).
// Correct means: the JSON matches truth.json's partial trace (test/helpers/partial-match.ts) and
// its records are exactly the generator's (record_lines / record_offsets): matched by file and
// byte offset, and by line number wherever the tracer gives one (it may omit line numbers of
// big files searched without an index).
// Targets (issue): nova-trace ≤ 1.0 × grep time for every target, peak RSS ≤ 150 MB, all correct.
// Exit code 0 whether or not the targets are met (it is a report); 1 only if the run fails.
//
//   tsx test/bench/trace-vs-grep.ts [--size-mib 1100] [--seed 42] [--runs 3] [--report FILE]
//   corpus dir: $NOVA_TRACE_BENCH_DIR, else <os.tmpdir()>/nova-trace-bench-<size>-<seed>
//   tracer: dist/nova-trace.js, built first (npm run build) when missing or older than
//   core/ or parsers/; $NOVA_TRACE_BENCH_TRACER names another CLI script to measure instead.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, DEFAULT_SIZE_MIB, ensureCorpus, logDirOf, readTruth } from './corpus-generator.js';
import type { Measured } from './measure.js';
import { haveGnuTime, measure, median } from './measure.js';
import { GREP, grepFailure, installedPeers, peerFailure, type Peer } from './peer-tools.js';
import { checkTrace, type Check } from './trace-check.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** NOVA_TRACE_BENCH_TRACER measures another build of the CLI (e.g. a baseline) instead of dist/. */
const TRACER_OVERRIDE = process.env.NOVA_TRACE_BENCH_TRACER;
const TRACER = TRACER_OVERRIDE !== undefined ? resolve(TRACER_OVERRIDE) : join(REPO, 'dist/nova-trace.js');
const RATIO_TARGET = 1.0;
const RSS_TARGET_MB = 150;
const TIMEOUT_S = 600;

interface Options { sizeMiB: number; seed: number; runs: number; report: string | null }

function parseArgs(argv: string[]): Options {
  const o: Options = { sizeMiB: DEFAULT_SIZE_MIB, seed: DEFAULT_SEED, runs: 3, report: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (v === undefined && a !== undefined) throw new Error(`${a} needs a value`);
    if (a === '--size-mib') o.sizeMiB = Number(v);
    else if (a === '--seed') o.seed = Number(v);
    else if (a === '--runs') o.runs = Number(v);
    else if (a === '--report') o.report = v;
    else throw new Error(`unknown argument ${a} (usage: [--size-mib N] [--seed S] [--runs N] [--report FILE])`);
    i++;
  }
  if (!(o.sizeMiB > 0)) throw new Error(`--size-mib must be a positive number, got ${o.sizeMiB}`);
  if (!Number.isInteger(o.seed)) throw new Error(`--seed must be an integer, got ${o.seed}`);
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error(`--runs must be a positive integer, got ${o.runs}`);
  return o;
}

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (d.isFile() && /\.tsx?$/.test(d.name)) {
      const p = join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ with `npm run build` when the tracer is missing or older than its sources. */
function ensureTracer(say: (s: string) => void): void {
  if (TRACER_OVERRIDE !== undefined) {
    if (!existsSync(TRACER)) throw new Error(`NOVA_TRACE_BENCH_TRACER: ${TRACER} does not exist`);
    say(`tracer: ${TRACER} (NOVA_TRACE_BENCH_TRACER)`);
    return;
  }
  const src = Math.max(...['core', 'parsers'].map((d) => newestSource(join(REPO, d))));
  if (existsSync(TRACER) && statSync(TRACER).mtimeMs >= src) return;
  say(existsSync(TRACER) ? 'dist/ is older than the sources: building (npm run build)…' : 'dist/ missing: building (npm run build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(TRACER)) throw new Error(`tracer not built: npm run build exited ${r.status}`);
}

/** Reads every corpus file once so that every tool finds the same warm page cache. */
function warm(dir: string): { bytes: number; seconds: number } {
  const t0 = process.hrtime.bigint();
  const buf = Buffer.allocUnsafe(8 << 20);
  let bytes = 0;
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const fd = openSync(join(d.parentPath ?? (d as unknown as { path: string }).path, d.name), 'r');
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) bytes += n;
    closeSync(fd);
  }
  return { bytes, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

interface Row {
  query: string; kind: string; matches: number; records: number;
  /** Median seconds per tool; a peer whose run failed has none, and its reason in `failed`. */
  median: Record<string, number>; failed: Record<string, string>; rssMb: number | null; treeMb: number; processes: number;
  check: Check; stable: boolean;
}

const fmt = (x: number | null | undefined, d = 2): string => (x == null || !Number.isFinite(x) ? '-' : x.toFixed(d));
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const say = (s: string) => process.stdout.write(s + '\n');
  const dir = process.env.NOVA_TRACE_BENCH_DIR ?? join(tmpdir(), `nova-trace-bench-${o.sizeMiB}-${o.seed}`);
  const logDir = logDirOf(dir);

  say(`nova-trace benchmark — trace vs grep (runs: ${o.runs}, median wall time)`);
  say(`machine: ${cpus().length} cpu (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`);
  const t0 = Date.now();
  const { manifest, reused } = ensureCorpus({ out: dir, sizeMiB: o.sizeMiB, seed: o.seed, log: (m) => say(m) });
  say(`corpus: ${logDir} — ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB, ${manifest.files.length} files, ${manifest.lines} lines, seed ${manifest.seed}, ` +
    (reused ? 'reused' : `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`));
  const truth = readTruth(dir);
  ensureTracer(say);
  const w = warm(logDir);
  say(`page cache warmed: ${(w.bytes / 2 ** 20).toFixed(0)} MiB read in ${w.seconds.toFixed(1)} s`);
  const exact = haveGnuTime();
  say(`peak RSS: ${exact ? 'GNU time %M (wait4 ru_maxrss of the tracer process)' : 'no GNU time: sampled VmHWM, a lower bound (≥)'}`);

  const { peers, versions } = installedPeers();
  const tools: Peer[] = [GREP, { name: 'nova-trace', cmd: process.execPath, args: (id, d) => [TRACER, id, '--log-dir', d, '--json'] }, ...peers];
  say(versions.join('; '));
  say('');

  const rows: Row[] = [];
  for (const t of truth) {
    const times: Record<string, number[]> = Object.fromEntries(tools.map((x) => [x.name, []]));
    const failed: Record<string, string> = {};
    let first: Measured | null = null;
    let rssKb = 0;
    let rssKnown = false;
    let treeKb = 0;
    let processes = 0;
    let stable = true;
    let matches = 0;
    for (let r = 0; r < o.runs; r++) {
      for (const tool of tools) {
        if (failed[tool.name] !== undefined) continue;
        const isTracer = tool.name === 'nova-trace';
        const isPeer = !isTracer && tool !== GREP;
        const m = await measure(tool.cmd, tool.args(t.query, logDir), { keepStdout: tool !== GREP, timeoutS: TIMEOUT_S, cwd: REPO, env: tool.env });
        if (tool === GREP) {
          const why = grepFailure(m, TIMEOUT_S);
          if (why !== null) throw new Error(`grep, the baseline, failed on ${t.query}: ${why}`);
          matches = m.stdoutLines;
        }
        const why = isPeer ? peerFailure(m, t.query, matches, TIMEOUT_S) : null;
        if (why !== null) { failed[tool.name] = why; continue; }
        times[tool.name].push(m.wallS);
        if (!isTracer) continue;
        if (m.rssKb !== null) { rssKb = Math.max(rssKb, m.rssKb); rssKnown = true; }
        treeKb = Math.max(treeKb, m.treeKb);
        processes = Math.max(processes, m.processes);
        if (first === null) first = m;
        else if (first.stdout !== null && m.stdout !== null && !first.stdout.equals(m.stdout)) stable = false;
      }
    }
    const row: Row = {
      query: t.query, kind: t.kind, matches, records: t.record_lines.length,
      median: Object.fromEntries(Object.entries(times).filter(([k]) => failed[k] === undefined).map(([k, v]) => [k, median(v)])), failed,
      rssMb: rssKnown ? (rssKb * 1024) / 1e6 : null, treeMb: (treeKb * 1024) / 1e6, processes,
      check: checkTrace(first as Measured, t, TIMEOUT_S), stable,
    };
    rows.push(row);
    const extraTools = tools.slice(2).map((x) => ` ${x.name} ${failed[x.name] !== undefined ? `failed: ${failed[x.name]}` : `${fmt(row.median[x.name])} s`}`).join('');
    process.stderr.write(`  ${t.query} ${t.kind}: grep ${fmt(row.median.grep)} s, nova-trace ${fmt(row.median['nova-trace'])} s${extraTools}, ${row.check.correct ? 'correct' : 'NOT correct'}\n`);
  }

  // Table.
  const others = tools.slice(2).map((x) => x.name);
  const head = [pad('target', 42), pad('kind', 38), lpad('grep s', 8), lpad('trace s', 8), lpad('ratio', 6),
    ...others.map((n) => lpad(`${n} s`, 8)), lpad('RSS MB', 7), lpad('grep ln', 7), lpad('records', 7), '  correct'];
  say(head.join(' '));
  for (const r of rows) {
    const ratio = r.median['nova-trace'] / r.median.grep;
    say([pad(r.query, 42), pad(r.kind, 38), lpad(fmt(r.median.grep, 3), 8), lpad(fmt(r.median['nova-trace'], 3), 8), lpad(fmt(ratio), 6),
      ...others.map((n) => lpad(r.failed[n] !== undefined ? 'failed' : fmt(r.median[n], 3), 8)), lpad((exact ? '' : '≥') + fmt(r.rssMb, 1), 7),
      lpad(String(r.matches), 7), lpad(String(r.records), 7),
      '  ' + (r.check.correct ? 'yes' : 'no') + (r.stable ? '' : ' (output differs between runs)')].join(' '));
  }
  const sum = (k: string) => rows.reduce((a, r) => a + r.median[k], 0);
  const failures = (n: string) => rows.filter((r) => r.failed[n] !== undefined);
  // A peer's total is reported only when every one of its runs passed the check.
  const peerTotal = (n: string) => (failures(n).length > 0 ? `failed on ${failures(n).length}/${rows.length} targets (see below)` : `${fmt(sum(n), 3)} s`);
  const grepTotal = sum('grep');
  const traceTotal = sum('nova-trace');
  const worst = Math.max(...rows.map((r) => r.median['nova-trace'] / r.median.grep));
  // A tracer that forks is judged by the sampled sum over its process tree, not its largest process.
  const peakOf = (r: Row) => (r.rssMb === null ? null : r.processes > 1 ? Math.max(r.rssMb, r.treeMb) : r.rssMb);
  const peak = rows.every((r) => peakOf(r) !== null) ? Math.max(...rows.map((r) => peakOf(r) as number)) : null;
  const correct = rows.filter((r) => r.check.correct).length;
  say('');
  say(`totals: grep ${fmt(grepTotal, 3)} s, nova-trace ${fmt(traceTotal, 3)} s, ratio ${fmt(traceTotal / grepTotal)} (worst target ${fmt(worst)})` +
    others.map((n) => `, ${n} ${peerTotal(n)}`).join('') +
    `; peak RSS ${exact ? '' : '≥'}${fmt(peak, 1)} MB; correct ${correct}/${rows.length}`);
  const lineless = rows.reduce((a, r) => a + r.check.lineless, 0);
  if (lineless > 0) say(`note: ${lineless} records came without a line number (big files, no index); they were matched by byte offset`);
  const multi = rows.filter((r) => r.processes > 1);
  if (multi.length > 0) {
    say(`note: the tracer ran as up to ${Math.max(...multi.map((r) => r.processes))} processes; the RSS column is the largest one, ` +
      `the sampled sum over the tree peaked at ${fmt(Math.max(...multi.map((r) => r.treeMb)), 1)} MB (used for the RSS target)`);
  }
  const met = (b: boolean) => (b ? 'MET' : 'MISSED');
  say(`targets: time ≤ ${RATIO_TARGET.toFixed(1)} × grep on every target: ${met(worst <= RATIO_TARGET)} (worst ${fmt(worst)}); ` +
    `peak RSS ≤ ${RSS_TARGET_MB} MB: ${peak === null ? 'UNKNOWN' : met(peak <= RSS_TARGET_MB)}; all correct: ${met(correct === rows.length)}`);

  for (const n of others.filter((x) => failures(x).length > 0)) {
    say('');
    say(`${n}: no time reported where its run failed the check (exit status, stderr, lines naming the id = grep's):`);
    for (const r of failures(n)) say(`  ${r.query}: failed: ${r.failed[n]}`);
  }

  for (const r of rows.filter((x) => !x.check.correct)) {
    say('');
    say(`${r.query} (${r.kind}) is not correct:`);
    if (r.check.error !== null) say(`  ${r.check.error}`);
    for (const m of r.check.mismatches.slice(0, 8)) say(`  ${m}`);
    if (r.check.mismatches.length > 8) say(`  … ${r.check.mismatches.length - 8} more mismatches`);
    if (r.check.error === null) {
      say(`  records: ${r.check.missing.length} missing, ${r.check.extra.length} extra, ${r.check.wrongLines.length} with a wrong line number`);
      for (const x of r.check.wrongLines.slice(0, 3)) say(`  ${x}`);
      if (r.check.missing.length > 0) say(`  missing e.g. ${r.check.missing.slice(0, 5).join(' ')}`);
      if (r.check.extra.length > 0) say(`  extra e.g. ${r.check.extra.slice(0, 5).join(' ')}`);
    }
  }

  if (o.report !== null) {
    writeFileSync(o.report, JSON.stringify({
      corpus: { dir: logDir, bytes: manifest.bytes, lines: manifest.lines, seed: manifest.seed, size_mib: manifest.size_mib },
      runs: o.runs, rss_exact: exact, tools: versions,
      rows: rows.map((r) => ({
        query: r.query, kind: r.kind, grep_matches: r.matches, median_s: r.median, failed: r.failed,
        ratio: r.median['nova-trace'] / r.median.grep, rss_mb: r.rssMb, processes: r.processes,
        correct: r.check.correct, stable: r.stable, mismatches: r.check.mismatches, error: r.check.error,
        missing: r.check.missing.length, extra: r.check.extra.length, wrong_lines: r.check.wrongLines.length, lineless: r.check.lineless,
      })),
      totals: { grep_s: grepTotal, nova_trace_s: traceTotal, ratio: traceTotal / grepTotal, worst_ratio: worst, peak_rss_mb: peak, correct },
      targets_met: { ratio: worst <= RATIO_TARGET, rss: peak !== null && peak <= RSS_TARGET_MB, correct: correct === rows.length },
    }, null, 2) + '\n');
    say(`report written to ${o.report}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
