#!/usr/bin/env node
// nova-stack: run the stack. `up` (foreground, or --detach), `down`, `status`.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, writeConfig, CONFIG_FILE, type StackConfig } from '../common/stack-config.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { seedDefaultCloud } from '../db/seed.js';
import { DELAY_MODES, newConfig, type DelayMode } from './new-config.js';
import { isRelease, RELEASES, type Release } from '../common/release.js';
import { openrcLines } from './openrc.js';
import { Supervisor, type ProcessState } from './supervisor.js';
import { FaultStore } from '../faults/fault-store.js';
import { FAULT_NAMES, isFaultName } from '../faults/fault-catalog.js';

const USAGE = `usage: nova-stack up [--hosts N] [--log-dir DIR] [--state-dir DIR] [--base-port PORT] [--delays realistic|zero]
                     [--rpc-timeout S] [--vif-timeout S] [--service-down S] [--release current|legacy]
                     [--detach] [--fresh] [--no-debug]
       nova-stack down [--state-dir DIR]
       nova-stack status [--state-dir DIR]
       nova-stack fault list|inject NAME [--host H] [--count N] [--seconds S]|clear [NAME] [--state-dir DIR]

Runs a minimal OpenStack Nova (api, conductor, scheduler, placement, N compute hosts, and
keystone/glance/neutron look-alikes) as separate processes on 127.0.0.1, writing oslo.log
files to the log directory (default /var/log/nova). \`up\` prints the OS_* variables for the
openstack and nova CLIs (eval its output) and writes them to <state-dir>/openrc.
--release legacy behaves as Nova before Victoria (filter-based capacity, RetryFilter, reschedule
through the scheduler); the default is current Nova. A new state dir takes it; an existing one keeps
the release it was created with.
State dir default: $NOVA_STACK_STATE_DIR or ~/.local/state/nova-stack.`;

class UsageError extends Error {}

function seconds(name: string, v: string): number {
  const n = Number(v);
  if (!(n > 0 && n <= 3600)) throw new UsageError(`${name} must be a number of seconds from 0 to 3600`);
  return n;
}

interface Args {
  cmd: string; hosts: number; logDir: string; stateDir: string; basePort: number | null; detach: boolean; fresh: boolean; debug: boolean;
  delays: DelayMode; release: Release; rpcTimeoutS: number | null; vifTimeoutS: number | null; serviceDownS: number | null;
  rest: string[]; faultHost: string | null; faultCount: number | null; faultSeconds: number | null;
}

function parse(argv: string[]): Args {
  const a: Args = {
    cmd: argv[0] ?? '', hosts: 2, logDir: '/var/log/nova', basePort: null, detach: false, fresh: false, debug: true, delays: 'realistic', release: 'current',
    rpcTimeoutS: null, vifTimeoutS: null, serviceDownS: null, rest: [], faultHost: null, faultCount: null, faultSeconds: null,
    stateDir: process.env.NOVA_STACK_STATE_DIR || path.join(os.homedir(), '.local', 'state', 'nova-stack'),
  };
  for (let i = 1; i < argv.length; i++) {
    const v = () => { const x = argv[++i]; if (x === undefined) throw new UsageError(`${argv[i - 1]} needs a value`); return x; };
    switch (argv[i]) {
      case '--hosts': a.hosts = Number(v()); if (!Number.isInteger(a.hosts) || a.hosts < 1 || a.hosts > 32) throw new UsageError('--hosts must be an integer from 1 to 32'); break;
      case '--log-dir': a.logDir = v(); break;
      case '--state-dir': a.stateDir = v(); break;
      case '--base-port': a.basePort = Number(v()); if (!Number.isInteger(a.basePort) || a.basePort < 1024 || a.basePort > 65000) throw new UsageError('--base-port must be an integer from 1024 to 65000'); break;
      case '--detach': a.detach = true; break;
      case '--fresh': a.fresh = true; break;
      case '--rpc-timeout': a.rpcTimeoutS = seconds('--rpc-timeout', v()); break;
      case '--vif-timeout': a.vifTimeoutS = seconds('--vif-timeout', v()); break;
      case '--service-down': a.serviceDownS = seconds('--service-down', v()); break;
      case '--host': a.faultHost = v(); break;
      case '--seconds': a.faultSeconds = Number(v()); if (!Number.isFinite(a.faultSeconds) || Math.abs(a.faultSeconds) > 86400) throw new UsageError('--seconds must be a number of seconds (negative: behind)'); break;
      case '--count': a.faultCount = Number(v()); if (!Number.isInteger(a.faultCount) || a.faultCount < 1) throw new UsageError('--count must be a positive integer'); break;
      case '--delays': { const m = v(); if (!(m in DELAY_MODES)) throw new UsageError(`--delays must be one of ${Object.keys(DELAY_MODES).join(', ')}`); a.delays = m as DelayMode; break; }
      case '--no-debug': a.debug = false; break;
      case '--release': { const r = v(); if (!isRelease(r)) throw new UsageError(`--release must be one of ${RELEASES.join(', ')}`); a.release = r; break; }
      default:
        if (a.cmd === 'fault' && !argv[i].startsWith('-')) { a.rest.push(argv[i]); break; }
        throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  if (!['up', 'down', 'status', 'supervise', 'fault'].includes(a.cmd)) throw new UsageError(a.cmd ? `unknown command ${a.cmd}` : 'a command is required');
  return a;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVICE_SCRIPT = path.join(here, 'nova-stack-service.js');
const runDir = (stateDir: string) => path.join(stateDir, 'run');

function readState(stateDir: string): { supervisor: number; processes: ProcessState[] } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir(stateDir), 'state.json'), 'utf8'));
  } catch {
    return null;
  }
}

const alive = (pid: number | null) => { if (!pid) return false; try { process.kill(pid, 0); return true; } catch { return false; } };

async function prepare(a: Args): Promise<StackConfig> {
  const st = readState(a.stateDir);
  if (st && alive(st.supervisor)) throw new Error(`a stack is already running from ${a.stateDir} (supervisor pid ${st.supervisor}); run 'nova-stack down' first`);
  try {
    fs.mkdirSync(a.logDir, { recursive: true });
    fs.accessSync(a.logDir, fs.constants.W_OK);
  } catch {
    throw new Error(`cannot write to log directory ${a.logDir}; pass --log-dir DIR`);
  }
  if (a.fresh) fs.rmSync(a.stateDir, { recursive: true, force: true });
  let cfg: StackConfig;
  if (fs.existsSync(path.join(a.stateDir, CONFIG_FILE))) {
    cfg = readConfig(a.stateDir);
    // A state dir from before the services had keystone users of their own.
    if (!cfg.servicePassword) {
      cfg.servicePassword = randomBytes(18).toString('base64url');
      writeConfig(cfg);
    }
  } else {
    cfg = await newConfig({ stateDir: a.stateDir, logDir: a.logDir, hosts: a.hosts, basePort: a.basePort, debug: a.debug, delays: a.delays, release: a.release });
    if (a.rpcTimeoutS !== null) cfg.rpcTimeoutMs = a.rpcTimeoutS * 1000;
    if (a.vifTimeoutS !== null) cfg.vifPluggingTimeoutMs = a.vifTimeoutS * 1000;
    if (a.serviceDownS !== null) {
      // Nova's report_interval is a sixth of service_down_time by default (10 s of 60 s).
      cfg.serviceDownMs = a.serviceDownS * 1000;
      cfg.heartbeatMs = Math.min(cfg.heartbeatMs, Math.max(200, cfg.serviceDownMs / 6));
    }
    writeConfig(cfg);
  }
  const db = openDb(cfg.db, NOVA_SCHEMA);
  seedDefaultCloud(db, cfg.adminPassword, cfg.servicePassword);
  db.close();
  fs.writeFileSync(path.join(cfg.stateDir, 'openrc'), openrcLines(cfg).join('\n') + '\n');
  return cfg;
}

function printEnv(cfg: StackConfig): void {
  process.stdout.write(openrcLines(cfg).join('\n') + '\n');
  process.stdout.write(`# stack ready: ${cfg.computeHosts.length} compute host(s), logs in ${cfg.logDir}; these lines are also in ${path.join(cfg.stateDir, 'openrc')}\n`);
}

async function supervise(cfg: StackConfig, foreground: boolean): Promise<void> {
  const sup = new Supervisor(cfg, SERVICE_SCRIPT, (s) => process.stderr.write(s + '\n'));
  const stop = async () => { await sup.stop(); process.exit(0); };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  try {
    await sup.start(60_000);
  } catch (e) {
    fs.writeFileSync(path.join(sup.runDir, 'failed'), (e as Error).message);
    await sup.stop();
    throw e;
  }
  fs.writeFileSync(path.join(sup.runDir, 'ready'), String(process.pid));
  if (foreground) printEnv(cfg);
}

async function up(a: Args): Promise<number> {
  const cfg = await prepare(a);
  if (!a.detach) {
    await supervise(cfg, true);
    process.stderr.write('nova-stack: running; Ctrl+C stops every service\n');
    return new Promise<number>(() => undefined);
  }
  const out = fs.openSync(path.join(cfg.stateDir, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'supervise', '--state-dir', cfg.stateDir], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (fs.existsSync(path.join(runDir(cfg.stateDir), 'ready'))) break;
    const failed = path.join(runDir(cfg.stateDir), 'failed');
    if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
    if (!alive(child.pid ?? null) || Date.now() > deadline) throw new Error(`the stack did not start; see ${path.join(cfg.stateDir, 'supervisor.log')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  printEnv(cfg);
  return 0;
}

async function down(a: Args): Promise<number> {
  const st = readState(a.stateDir);
  if (!st || !alive(st.supervisor)) {
    process.stderr.write(`nova-stack: no stack is running from ${a.stateDir}\n`);
    return 0;
  }
  process.kill(st.supervisor, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive(st.supervisor) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(st.supervisor)) { process.kill(st.supervisor, 'SIGKILL'); for (const p of st.processes) if (alive(p.pid)) process.kill(p.pid!, 'SIGKILL'); }
  process.stdout.write('stack stopped\n');
  return 0;
}

function status(a: Args): number {
  const st = readState(a.stateDir);
  if (!st || !alive(st.supervisor)) { process.stdout.write(`no stack running from ${a.stateDir}\n`); return 2; }
  const cfg = readConfig(a.stateDir);
  process.stdout.write(`supervisor pid ${st.supervisor}, api http://127.0.0.1:${cfg.ports.api}, logs ${cfg.logDir}\n`);
  process.stdout.write(`${'process'.padEnd(16)} ${'pid'.padEnd(8)} ${'state'.padEnd(9)} restarts\n`);
  let ok = true;
  for (const p of st.processes) {
    const state = !alive(p.pid) ? 'down' : p.ready ? 'up' : 'starting';
    if (state !== 'up') ok = false;
    process.stdout.write(`${p.id.padEnd(16)} ${String(p.pid ?? '-').padEnd(8)} ${state.padEnd(9)} ${p.restarts}\n`);
  }
  return ok ? 0 : 1;
}

function fault(a: Args): number {
  if (!fs.existsSync(path.join(a.stateDir, CONFIG_FILE))) throw new Error(`no stack in ${a.stateDir}`);
  const store = new FaultStore(a.stateDir);
  try {
    const [verb, name] = a.rest;
    if (name !== undefined && !isFaultName(name)) throw new UsageError(`unknown fault '${name}' (one of ${FAULT_NAMES.join(', ')})`);
    switch (verb) {
      case 'inject':
        if (!name) throw new UsageError('fault inject needs a fault name');
        store.inject(name, a.faultHost, a.faultCount, a.faultSeconds === null ? {} : { seconds: a.faultSeconds });
        process.stdout.write(`injected ${name} on ${a.faultHost ?? 'every host'}${a.faultCount ? ` for the next ${a.faultCount} use(s)` : ''}\n`);
        return 0;
      case 'clear':
        process.stdout.write(`cleared ${store.clear(name ?? null)} fault(s)\n`);
        return 0;
      case 'list':
      case undefined:
        for (const f of store.list()) process.stdout.write(`${f.name.padEnd(22)} ${f.host.padEnd(10)} ${f.remaining ?? 'until cleared'}\n`);
        return 0;
      default:
        throw new UsageError(`unknown fault command '${verb}' (list, inject, clear)`);
    }
  } finally {
    store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let a: Args;
  try {
    a = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`nova-stack: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }
  switch (a.cmd) {
    case 'up': return up(a);
    case 'down': return down(a);
    case 'status': return status(a);
    case 'fault': return fault(a);
    default: await supervise(readConfig(a.stateDir), false); return new Promise<number>(() => undefined);
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`nova-stack: ${e.message}\n`);
  process.exitCode = 1;
});
