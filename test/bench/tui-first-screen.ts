// Time to the first screen of `nova-trace tail` on a large log directory (issue: 1 GiB, newest
// screen ≤ 1 s; history filled in the background with a progress indicator).
//
//   npm run bench:tui-open -- [--dir DIR] [--runs 3] [--lnav]
//
// DIR defaults to the tracer benchmark's 1.1 GiB corpus ($NOVA_TRACE_BENCH_DIR, else
// <tmpdir>/nova-trace-bench-1100-42, as `npm run bench`), generated here when missing. The TUI runs on a pseudo-terminal
// (tui-pty.ts); from spawn, we time (a) the first frame that shows a full screen of log rows
// and the newest line of the directory, and (b) the frame where the history indicator is gone
// (everything loaded, or the record cap reached), with the TUI's CPU time (user + system) by
// then and the history load's rate: the directory's bytes over the time from (a) to (b) (the
// load starts as the first screen is drawn; the store evicts its oldest records past the cap and
// the load goes on, so all of the directory is read). Peak RSS is reported for the whole run.
// --lnav also times lnav (if installed) to its first screen of the same directory, the same way;
// a run of it that never shows that screen is reported as "failed: <why>", not as a time.
// Verdicts: the median first screen ≤ 1 s, the median history load ≥ 150 MB/s (a run whose
// history never finished counts as a miss).

import { spawn } from 'node:child_process';
import { readdirSync, statSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED, DEFAULT_SIZE_MIB, ensureCorpus, logDirOf } from './corpus-generator.js';
import { runTuiInPty } from './tui-pty.js';

function parseArgs(argv: string[]): { dir: string | null; runs: number; lnav: boolean } {
  const o = { dir: null as string | null, runs: 3, lnav: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--dir') o.dir = value();
    else if (a === '--runs') { const v = value(); if (!/^[1-9][0-9]*$/.test(v)) throw new Error(`--runs must be a positive decimal integer, not '${v}'`); o.runs = Number(v); }
    else if (a === '--lnav') o.lnav = true;
    else throw new Error(`unknown argument ${a} (usage: [--dir DIR] [--runs N] [--lnav])`);
  }
  return o;
}
const ARGS = parseArgs(process.argv.slice(2));
let DIR = ARGS.dir ?? '';

function dirBytes(d: string): number {
  let n = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

/** A distinctive piece of the newest line of the largest live file: it must be on the first screen. */
function newestLineOf(d: string): string {
  let best = { path: '', mtime: 0 };
  const walk = (x: string) => {
    for (const e of readdirSync(x, { withFileTypes: true })) {
      const p = join(x, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) { const m = statSync(p).mtimeMs; if (m >= best.mtime) best = { path: p, mtime: m }; }
    }
  };
  walk(d);
  const fd = openSync(best.path, 'r');
  const size = statSync(best.path).size;
  const buf = Buffer.alloc(Math.min(size, 4096));
  readSync(fd, buf, 0, buf.length, size - buf.length);
  closeSync(fd);
  const lines = buf.toString('utf8').trimEnd().split('\n');
  return lines[lines.length - 1].slice(11, 23); // HH:MM:SS.mmm of the newest line
}

// The incidents count's index in a place of its own, not the user's cache.
const INDEX = join(tmpdir(), `nova-trace-bench-index-${process.pid}.sqlite`);
process.once('exit', () => { for (const f of [INDEX, `${INDEX}-wal`, `${INDEX}-shm`]) rmSync(f, { force: true }); });

async function once(): Promise<{ firstScreenS: number; historyDoneS: number | null; historyCpuS: number | null; peakRssMb: number }> {
  const want = newestLineOf(DIR);
  const tui = runTuiInPty(['tail', '--log-dir', DIR, '--index', INDEX], { cols: 200, rows: 50 });
  let screen = '';
  let first: number | null = null;
  let sawHistory = false;
  let done: number | null = null;
  let doneCpu: number | null = null;
  tui.onOutput((text, at) => {
    screen = (screen + text).slice(-200_000);
    if (first === null && screen.includes(want) && (screen.match(/\d\d:\d\d:\d\d\.\d{3}/g)?.length ?? 0) >= 30) first = at;
    if (/history \d+%/.test(text)) sawHistory = true;
    // The last complete status line drawn (a frame may arrive in several chunks).
    const status = screen.slice(-30_000).match(/following[^\n\r]*?row [\d,]+\/[\d,]+/g);
    const last = status ? status[status.length - 1] : '';
    if (sawHistory && done === null && last && !/history/.test(last)) { done = at; doneCpu = tui.cpuSeconds(); }
  });
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline && (first === null || (done === null && performance.now() - tui.startedAt < 150_000))) await new Promise((r) => setTimeout(r, 50));
  const rss = tui.rss();
  tui.keys('q');
  const code = await Promise.race([tui.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
  if (code === null) tui.kill();
  return {
    firstScreenS: first === null ? NaN : (first - tui.startedAt) / 1000,
    historyDoneS: done === null ? null : (done - tui.startedAt) / 1000,
    historyCpuS: doneCpu,
    peakRssMb: Math.max(rss.peakKb, rss.hwmKb) / 1024,
  };
}

/**
 * lnav on the same pseudo-terminal setup: seconds from spawn to a full screen showing the newest
 * line, or why it never got there. `script` and lnav run in a process group of their own, so
 * that both are stopped whatever state lnav is in.
 */
async function lnavOnce(): Promise<number | { failed: string }> {
  const want = newestLineOf(DIR);
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', `stty cols 200 rows 50; exec lnav -r '${DIR}'`, '/dev/null'], { stdio: 'pipe', detached: true, env: { ...process.env, TERM: 'xterm-256color' } });
  let screen = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const first = await new Promise<number | { failed: string }>((resolve) => {
    const timer = setTimeout(() => resolve({ failed: 'no screen with the newest line within 180 s' }), 180_000);
    void exited.then((code) => { clearTimeout(timer); resolve({ failed: `lnav exited (status ${code}) before showing the newest line: ${screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trim().slice(-200)}` }); });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (t: string) => {
      screen = (screen + t).slice(-200_000);
      if (screen.includes(want) && (screen.match(/\d\d:\d\d:\d\d\.\d{3}/g)?.length ?? 0) >= 30) { clearTimeout(timer); resolve(performance.now()); }
    });
  });
  child.stdin.write('q');
  const kill = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, 3000);
  await exited;
  clearTimeout(kill);
  try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group has ended */ }
  return typeof first === 'number' ? (first - t0) / 1000 : first;
}

async function main(): Promise<void> {
  if (ARGS.dir === null) {
    const out = process.env.NOVA_TRACE_BENCH_DIR ?? join(tmpdir(), `nova-trace-bench-${DEFAULT_SIZE_MIB}-${DEFAULT_SEED}`);
    const { reused } = ensureCorpus({ out, log: (m) => console.error(m) });
    if (!reused) console.error(`generated the tracer benchmark's corpus in ${out} (npm run bench reuses it)`);
    DIR = logDirOf(out);
  }
  const bytes = dirBytes(DIR);
  const runs = [];
  for (let i = 0; i < ARGS.runs; i++) runs.push(await once());
  const firsts = runs.map((r) => r.firstScreenS).sort((a, b) => a - b);
  const rates = runs.map((r) => (r.historyDoneS === null ? null : +(bytes / 1e6 / (r.historyDoneS - r.firstScreenS)).toFixed(1)));
  const loaded = rates.filter((r): r is number => r !== null).sort((a, b) => a - b);
  const rateMedian = loaded.length === rates.length ? loaded[Math.floor(loaded.length / 2)] : null;
  const lnav: (number | string)[] = [];
  if (ARGS.lnav) {
    for (let i = 0; i < ARGS.runs; i++) {
      const r = await lnavOnce();
      lnav.push(typeof r === 'number' ? r : `failed: ${r.failed}`);
    }
  }
  console.log(JSON.stringify({
    dir: DIR, gib: +(bytes / 2 ** 30).toFixed(2), runs,
    first_screen_s_median: firsts[Math.floor(firsts.length / 2)],
    history_mb_per_s: rates,
    history_mb_per_s_median: rateMedian,
    ...(lnav.length ? { lnav_first_screen_s: lnav } : {}),
    verdict: { first_screen_le_1s: firsts[Math.floor(firsts.length / 2)] <= 1, history_ge_150_mb_per_s: rateMedian !== null && rateMedian >= 150 },
  }, null, 2));
}

main().catch((e) => { console.error(e); process.exitCode = 2; });
