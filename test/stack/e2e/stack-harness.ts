// Starts a real stack (`nova-stack up --detach`) in temp dirs on loopback, runs the Debian CLIs
// against it, and tears everything down. Every command is bounded in time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, writeConfig, type StackConfig } from '../../../stack/common/stack-config.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STACK = path.join(ROOT, 'dist/nova-stack.js');
const TRACE = path.join(ROOT, 'dist/nova-trace.js');

export interface Stack {
  dir: string;
  logDir: string;
  stateDir: string;
  env: Record<string, string>;
  openstack(...args: string[]): Promise<CommandResult>;
  nova(...args: string[]): Promise<CommandResult>;
  trace(...args: string[]): Promise<CommandResult>;
  down(): Promise<void>;
}

export interface CommandResult { code: number | null; out: string; err: string }

/**
 * Runs a program to its end without blocking this worker: a CLI call (`server create --wait`)
 * can take longer on a loaded machine than vitest lets a worker's event loop stay busy (60 s).
 */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, out, err: err + String(e) }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

/** `nova-stack <args>`, without blocking this worker either. */
export async function stackCommand(args: string[], timeoutMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await runCommand(process.execPath, [STACK, ...args], process.env, timeoutMs);
  return { status: r.code, stdout: r.out, stderr: r.err };
}

/** The last lines of every log of a stack that failed to start: the temp dir goes with the test. */
function logTails(logDir: string, lines = 12): string {
  let names: string[];
  try {
    names = fs.readdirSync(logDir).sort();
  } catch {
    return `(no logs in ${logDir})`;
  }
  return names.map((n) => {
    const text = fs.readFileSync(path.join(logDir, n), 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  ${l.slice(0, 400)}`);
    return `--- ${n} (last ${text.length} lines)\n${text.join('\n')}`;
  }).join('\n');
}

/**
 * `tune`: settings of stack.json that `nova-stack up` has no flag for (periodic task intervals):
 * the state dir is written first (`up --no-start`), tuned, then started.
 * Asynchronous: a start takes up to two minutes on a loaded machine, longer than vitest lets a
 * worker go silent.
 */
export async function stackUp(hosts = 2, extra: string[] = [], tune: Partial<StackConfig> = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-e2e-'));
  const stateDir = path.join(dir, 'state');
  const logDir = path.join(dir, 'log');
  const upArgs = ['up', '--hosts', String(hosts), '--state-dir', stateDir, '--log-dir', logDir, ...extra];
  if (Object.keys(tune).length) {
    const init = await stackCommand([...upArgs, '--no-start'], 60_000);
    if (init.status !== 0) throw new Error(`nova-stack up --no-start failed (${init.status}): ${init.stderr}`);
    writeConfig({ ...readConfig(stateDir), ...tune });
  }
  // Longer than `up --detach` waits (150 s), so that its own report of a slow start comes through.
  const up = await stackCommand([...upArgs, '--detach'], 180_000);
  if (up.status !== 0) throw new Error(`nova-stack up failed (${up.status}): ${up.stderr}\n${up.stdout}\n${logTails(logDir)}`);
  const env: Record<string, string> = {};
  for (const m of up.stdout.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
  const childEnv = () => {
    const e: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', ...env };
    return e;
  };
  const run = (cmd: string, args: string[], timeout: number) => runCommand(cmd, args, childEnv(), timeout);
  return {
    dir, logDir, stateDir, env,
    openstack: (...args) => run('openstack', args, 120_000),
    nova: (...args) => run('nova', args, 60_000),
    trace: (...args) => run(process.execPath, [TRACE, ...args], 60_000),
    async down() {
      await stackCommand(['down', '--state-dir', stateDir], 60_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
