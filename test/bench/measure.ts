// Runs one command and measures it: wall time (parent clock, spawn → exit with stdout fully
// drained), peak RSS, and stdout (counted, or kept when the caller needs to parse it).
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`), i.e. wait4()'s ru_maxrss of the
// measured process: the kernel's own high-water mark of its resident set, exact whatever the
// run length, all threads (worker_threads too) included. Two limits of ru_maxrss are covered by
// a sampler that walks the process tree through /proc every 20 ms:
//  - if the command starts child processes, ru_maxrss is the largest single process, not the
//    sum; the sampler reports the summed VmRSS of the tree and how many processes it saw;
//  - without GNU time, the sampler's largest VmHWM is the only figure, a lower bound (growth in
//    the last < 20 ms before exit is missed), and is reported as such.
// (process.resourceUsage() in this process would not see the child at all, and Node has no
// getrusage(RUSAGE_CHILDREN), hence the external wrapper.)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  wallS: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Peak RSS of the measured process in KiB (see header). */
  rssKb: number | null;
  rssExact: boolean;
  /** Largest summed RSS of the whole tree seen by the sampler, KiB, and the most processes seen at once. */
  treeKb: number;
  processes: number;
  stdoutBytes: number;
  stdoutLines: number;
  stdout: Buffer | null;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
let gnuTime: boolean | null = null;

/** True when /usr/bin/time is GNU time and its %M is in KiB (checked once against a known allocation). */
export function haveGnuTime(): boolean {
  if (gnuTime !== null) return gnuTime;
  gnuTime = false;
  // NOVA_TRACE_BENCH_RSS=sample forces the /proc sampler (to try the fallback on a machine with GNU time).
  if (process.env.NOVA_TRACE_BENCH_RSS === 'sample' || !existsSync(GNU_TIME)) return false;
  const dir = mkdtempSync(join(tmpdir(), 'nt-bench-'));
  try {
    const out = join(dir, 'm');
    const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, process.execPath, '-e', 'Buffer.alloc(64 * 1048576, 1)'], { stdio: 'ignore' });
    if (r.status !== 0) return false;
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    // 64 MiB touched + node's own ~40 MiB; GNU time 1.7 reported 4x too much, which this rejects.
    gnuTime = kb > 64 * 1024 && kb < 400 * 1024;
  } catch {
    gnuTime = false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return gnuTime;
}

export function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'latin1');
    const i = s.indexOf(field + ':');
    return i < 0 ? 0 : parseInt(s.slice(i + field.length + 1), 10) || 0;
  } catch {
    return 0;
  }
}

export function childrenOf(pid: number): number[] {
  try {
    const s = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    return s === '' ? [] : s.split(' ').map(Number);
  } catch {
    return [];
  }
}

let seq = 0;

export function measure(cmd: string, args: string[], opts: { keepStdout?: boolean; timeoutS?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const exact = haveGnuTime();
  const dir = exact ? mkdtempSync(join(tmpdir(), 'nt-bench-')) : '';
  const rssFile = join(dir, `rss-${++seq}`);
  const argv = exact ? [GNU_TIME, '-f', '%M', '-o', rssFile, cmd, ...args] : [cmd, ...args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd, env: opts.env });
    const rootPid = child.pid ?? -1;
    let treeKb = 0;
    let processes = 0;
    let hwmKb = 0;
    const sample = () => {
      // Under GNU time the measured process is time's child; the wrapper itself is not counted.
      let level = exact ? childrenOf(rootPid) : [rootPid];
      let sum = 0;
      let n = 0;
      while (level.length > 0) {
        const next: number[] = [];
        for (const pid of level) {
          sum += readStatusKb(pid, 'VmRSS');
          if (n === 0) hwmKb = Math.max(hwmKb, readStatusKb(pid, 'VmHWM'));
          n++;
          next.push(...childrenOf(pid));
        }
        level = next;
      }
      treeKb = Math.max(treeKb, sum);
      processes = Math.max(processes, n);
    };
    const timer = setInterval(sample, 20);
    let timedOut = false;
    const killer = opts.timeoutS === undefined ? null : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutS * 1000);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let lines = 0;
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
      if (opts.keepStdout === true && bytes <= 256 * 1048576) chunks.push(c);
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += c.toString('utf8');
    });
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      if (killer !== null) clearTimeout(killer);
      let rssKb: number | null = hwmKb > 0 ? hwmKb : null;
      if (exact) {
        try {
          const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
          // On failure GNU time writes "Command exited with non-zero status N" before the figure.
          rssKb = /^\d+$/.test(last) ? Number(last) : rssKb;
        } catch {
          /* killed before time wrote its file: keep the sampled figure */
        }
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({
        wallS, exitCode: code, signal, timedOut, rssKb, rssExact: exact, treeKb, processes,
        stdoutBytes: bytes, stdoutLines: lines, stdout: opts.keepStdout === true ? Buffer.concat(chunks) : null, stderr,
      });
    });
  });
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** First line of `<tool> --version`, or null when the tool is not installed. */
export function toolVersion(cmd: string, args = ['--version']): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10000 });
  if (r.error !== undefined || r.status !== 0) return null;
  return (r.stdout || r.stderr).split('\n')[0].trim();
}

/** A positive integer command-line option (`--runs 3`), `dflt` when absent. */
export function option(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!/^[0-9]+$/.test(process.argv[i + 1] ?? '') || v < 1) throw new Error(`${name} takes a positive integer`);
  return v;
}
