// Runs `nova-trace tail` the way a person does — on a terminal — for the TUI benchmarks: under
// util-linux `script`, which gives it a pseudo-terminal of a fixed size, forwards our stdin
// (keys) to it and copies everything it draws to our stdout pipe, where each chunk is
// timestamped on arrival. Also samples the TUI process's resident set through /proc.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { childrenOf, readStatusKb } from './measure.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const NOVA_TRACE = join(REPO, 'dist/nova-trace.js');

export interface PtyRun {
  child: ChildProcessWithoutNullStreams;
  startedAt: number;
  /** Called with each output chunk (ANSI included) and the time it arrived (performance.now()). */
  onOutput(fn: (text: string, at: number) => void): void;
  keys(s: string): void;
  /** pid of the node process running the TUI (a grandchild), once it exists. */
  tuiPid(): number | null;
  /** Peak and last resident set of the TUI process in KiB (sampled every 100 ms, plus VmHWM). */
  rss(): { peakKb: number; hwmKb: number; nowKb: number };
  /** CPU seconds (user + system) the TUI process has used so far. */
  cpuSeconds(): number;
  exited: Promise<number | null>;
  kill(): void;
}

export function runTuiInPty(args: string[], size = { cols: 160, rows: 48 }, env: NodeJS.ProcessEnv = {}): PtyRun {
  // The program as installed runs: through its #! line, which sets the VM flags it needs.
  // NOVA_TRACE_BENCH_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") runs it under node
  // with those flags added, for profiling.
  const extra = process.env.NOVA_TRACE_BENCH_NODE_FLAGS;
  const launcher = extra ? `${process.execPath} --max-semi-space-size=2 ${extra} ` : '';
  const cmd = `stty cols ${size.cols} rows ${size.rows}; PATH=${dirname(process.execPath)}:$PATH exec ${launcher}${[NOVA_TRACE, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, TERM: 'xterm-256color', ...env }, stdio: 'pipe' });
  const listeners: ((t: string, at: number) => void)[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (t: string) => { const at = performance.now(); for (const l of listeners) l(t, at); });
  child.stderr.resume();
  let pid: number | null = null;
  let peakKb = 0;
  let hwmKb = 0;
  let nowKb = 0;
  const sampler = setInterval(() => {
    if (pid === null) {
      const shell = childrenOf(child.pid!);
      pid = shell.length ? shell[0] : null;
    }
    if (pid !== null) {
      nowKb = readStatusKb(pid, 'VmRSS') || nowKb;
      peakKb = Math.max(peakKb, nowKb);
      hwmKb = Math.max(hwmKb, readStatusKb(pid, 'VmHWM'));
    }
  }, 100);
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => { clearInterval(sampler); res(code); }));
  return {
    child, startedAt: performance.now(),
    onOutput: (fn) => listeners.push(fn),
    keys: (s) => child.stdin.write(s),
    tuiPid: () => pid,
    rss: () => ({ peakKb, hwmKb, nowKb }),
    cpuSeconds: () => {
      if (pid === null) return 0;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
      } catch { return 0; }
    },
    exited,
    kill: () => { if (pid !== null) try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } child.kill('SIGTERM'); },
  };
}
