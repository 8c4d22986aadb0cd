#!/usr/bin/env node
// nova-stack: run the stack. `up` (foreground, or --detach), `down`, `status`, `fault`
// (stack-args.ts reads the command line, fault-command.ts runs `fault`).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, writeConfig, CONFIG_FILE, type StackConfig } from '../common/stack-config.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { seedDefaultCloud } from '../db/seed.js';
import { dropOutputOnClosedPipe } from './closed-pipe.js';
import { runFaultCommand } from './fault-command.js';
import { runDiscoverHosts } from './discover-hosts.js';
import { newConfig } from './new-config.js';
import { openrcLines } from './openrc.js';
import { parseStackArgs, UsageError, type StackArgs as Args } from './stack-args.js';
import { commandUsage, usage } from './stack-usage.js';
import { Supervisor, type ProcessState } from './supervisor.js';
import { placementAudit } from './placement-audit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVICE_SCRIPT = path.join(here, 'nova-stack-service.js');
const runDir = (stateDir: string) => path.join(stateDir, 'run');
// Generous: on a loaded two-core machine a dozen Node services take tens of seconds to be ready.
const READY_TIMEOUT_MS = 120_000;
const DETACH_DEADLINE_MS = READY_TIMEOUT_MS + 30_000;

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
    if (a.enabledFilters !== null) cfg.scheduler.filters = a.enabledFilters;
    if (a.cpuSets.dedicated || a.cpuSets.shared) cfg.cpuSets = { ...a.cpuSets };
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
    await sup.start(READY_TIMEOUT_MS);
  } catch (e) {
    await sup.stop();
    // After stop(): it removes the run dir, and `up --detach` reads the reason from there.
    fs.mkdirSync(sup.runDir, { recursive: true });
    fs.writeFileSync(path.join(sup.runDir, 'failed'), (e as Error).message);
    throw e;
  }
  // The stack's start-up heal: nova-manage placement audit --delete --verbose (its output on stdout).
  await placementAudit(cfg, (l) => process.stdout.write(`${l}\n`)).catch((e: Error) => process.stderr.write(`nova-stack: placement audit failed: ${e.message}\n`));
  fs.writeFileSync(path.join(sup.runDir, 'ready'), String(process.pid));
  if (foreground) printEnv(cfg);
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function up(a: Args): Promise<number> {
  const cfg = await prepare(a);
  if (a.noStart) {
    process.stdout.write(`# state dir ready, not started: ${path.join(cfg.stateDir, CONFIG_FILE)}; start it with nova-stack up --state-dir ${cfg.stateDir}\n`);
    return 0;
  }
  if (!a.detach) {
    await supervise(cfg, true);
    process.stderr.write('nova-stack: running; Ctrl+C stops every service\n');
    return new Promise<number>(() => undefined);
  }
  fs.rmSync(path.join(runDir(cfg.stateDir), 'failed'), { force: true });
  const out = fs.openSync(path.join(cfg.stateDir, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'supervise', '--state-dir', cfg.stateDir], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const deadline = Date.now() + DETACH_DEADLINE_MS;
  const failed = path.join(runDir(cfg.stateDir), 'failed');
  const log = path.join(cfg.stateDir, 'supervisor.log');
  for (;;) {
    if (fs.existsSync(path.join(runDir(cfg.stateDir), 'ready'))) break;
    const dead = !alive(child.pid ?? null);
    if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
    if (dead || Date.now() > deadline) {
      if (!dead) process.kill(child.pid!, 'SIGTERM');
      const why = dead ? 'the supervisor exited' : `not ready after ${DETACH_DEADLINE_MS / 1000} s`;
      throw new Error(`the stack did not start (${why}); the end of ${log}:\n${tail(log, 20)}`);
    }
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

async function main(argv: string[]): Promise<number> {
  let a: Args;
  try {
    const parsed = parseStackArgs(argv, process.env);
    if ('help' in parsed) { process.stdout.write((parsed.help ? commandUsage(parsed.help) : usage()) + '\n'); return 0; }
    a = parsed.args;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`nova-stack: ${e.message}\n\n${e.command ? commandUsage(e.command) : usage()}\n`); return 2; }
    throw e;
  }
  switch (a.cmd) {
    case 'up': return up(a);
    case 'down': return down(a);
    case 'status': return status(a);
    case 'fault': return runFaultCommand(a);
    case 'discover-hosts': return runDiscoverHosts(a.stateDir, a.verbose, (l) => process.stdout.write(`${l}\n`));
    case 'supervise': await supervise(readConfig(a.stateDir), false); return new Promise<number>(() => undefined);
  }
}

dropOutputOnClosedPipe();
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`nova-stack: ${e.message}\n`);
  process.exitCode = 1;
});
