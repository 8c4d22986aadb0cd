// Runs one of the built programs (dist/, `npm run build` first) as a user does, for the CLI tests:
// to completion, or with its stdout a pipe whose reader has gone (as `… | head` leaves it).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = {
  trace: path.join(ROOT, 'dist/nova-trace.js'),
  stack: path.join(ROOT, 'dist/nova-stack.js'),
  lab: path.join(ROOT, 'dist/nova-lab.js'),
} as const;

export interface CliResult { code: number | null; signal: string | null; out: string; err: string }

export function runCli(bin: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): CliResult {
  // spawnSync kills a child whose output passes maxBuffer (1 MiB by default): exports are bigger.
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: timeoutMs, maxBuffer: 256 << 20 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** runCli, without blocking this process: a server it runs (a receiver on 127.0.0.1) can answer the program meanwhile. */
export function runCliAsync(bin: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, out, err }); });
  });
}

/**
 * The program's stdout is a pipe that is closed: at once (`afterLines` 0: every write fails with
 * EPIPE), or after its first `afterLines` lines (`| head -n`). Killed after `timeoutMs`.
 */
export function runIntoClosedPipe(bin: string, args: readonly string[], opts: { afterLines?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult & { linesRead: number }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  const want = opts.afterLines ?? 0;
  let out = '';
  let err = '';
  if (want === 0) child.stdout.destroy();
  else {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      out += s;
      const lines = out.split('\n');
      if (lines.length > want) { out = lines.slice(0, want).join('\n') + '\n'; child.stdout.destroy(); }
    });
  }
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => { err += s; });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, linesRead: out === '' ? 0 : out.split('\n').length - 1 });
    });
  });
}
