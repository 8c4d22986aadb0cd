// Runs the stack's processes: starts each service (one process per compute host), waits for
// every one to say it is ready, restarts a process that dies (its peers keep running and
// reconnect), and stops them all on SIGTERM/SIGINT. State for `status`/`down` lives in
// <state>/run/.

import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../common/stack-config.js';
import { processList } from '../service-registry.js';

export interface ProcessState { id: string; pid: number | null; restarts: number; ready: boolean }

const RESTART_LIMIT = 5;
const STOP_GRACE_MS = 5_000;

export class Supervisor {
  private readonly children = new Map<string, { child: ChildProcess | null; state: ProcessState }>();
  private stopping = false;
  readonly runDir: string;

  constructor(private readonly cfg: StackConfig, private readonly serviceScript: string, private readonly say: (s: string) => void) {
    this.runDir = path.join(cfg.stateDir, 'run');
    fs.mkdirSync(this.runDir, { recursive: true });
  }

  private writeState(): void {
    const state = { supervisor: process.pid, processes: [...this.children.values()].map((c) => c.state) };
    // Written aside and renamed: `status`, `down` and the tests read it while processes restart.
    const file = path.join(this.runDir, 'state.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  }

  private spawn(id: string, name: string, host: string | null, onReady: () => void): void {
    const args = [name, '--state-dir', this.cfg.stateDir, ...(host ? ['--host', host] : [])];
    const child = fork(this.serviceScript, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const entry = this.children.get(id) ?? { child: null, state: { id, pid: null, restarts: -1, ready: false } };
    entry.child = child;
    entry.state.pid = child.pid ?? null;
    entry.state.restarts += 1;
    entry.state.ready = false;
    this.children.set(id, entry);
    child.on('message', (m: { ready?: string }) => {
      if (m.ready) { entry.state.ready = true; this.writeState(); onReady(); }
    });
    child.on('exit', (code, signal) => {
      entry.state.pid = null;
      entry.state.ready = false;
      this.writeState();
      if (this.stopping) return;
      if (entry.state.restarts >= RESTART_LIMIT) {
        this.say(`nova-stack: ${id} exited (${signal ?? code}) and was restarted ${RESTART_LIMIT} times; giving up on it`);
        return;
      }
      this.say(`nova-stack: ${id} exited (${signal ?? code}); restarting it`);
      // A process that died before it was ready still owes start() its readiness.
      setTimeout(() => this.spawn(id, name, host, onReady), 500);
    });
    this.writeState();
  }

  /** Start everything; resolves when all processes are ready, rejects after timeoutMs. */
  start(timeoutMs: number): Promise<void> {
    const list = processList(this.cfg);
    return new Promise((resolve, reject) => {
      let pending = list.length;
      const timer = setTimeout(() => {
        const late = [...this.children.values()].filter((c) => !c.state.ready).map((c) => c.state.id);
        reject(new Error(`services not ready after ${timeoutMs / 1000} s: ${late.join(', ')} (see their logs in ${this.cfg.logDir})`));
      }, timeoutMs);
      for (const p of list) {
        let counted = false;
        this.spawn(p.id, p.kind.name, p.host, () => {
          if (counted) return;
          counted = true;
          if (--pending === 0) { clearTimeout(timer); resolve(); }
        });
      }
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const alive = [...this.children.values()].map((c) => c.child).filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null);
    await Promise.all(alive.map((c) => new Promise<void>((resolve) => {
      const kill = setTimeout(() => c.kill('SIGKILL'), STOP_GRACE_MS);
      c.once('exit', () => { clearTimeout(kill); resolve(); });
      c.kill('SIGTERM');
    })));
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}
