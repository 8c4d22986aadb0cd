// Keeps the incidents count of the live view: `nova-trace incidents --json` (core's index,
// boot tracing and grouping) run in a child process over the followed directory, so the
// index build and the tracing never hold up the screen; first once the view's history is
// loaded, then again every REFRESH_MS while the files grow, and at once when the window
// changes. One run at a time; the last report stays on screen while the next is made.

import { spawn, type ChildProcess } from 'node:child_process';
import type { IncidentsReport } from '../../core/fleet/incidents.js';
import type { IncidentsData } from '../model/types.js';

/** After the first screen: the view's own start-up (tails, first frame) goes first. */
const START_DELAY_MS = 1_500;
const REFRESH_MS = 5_000;
/** What `nova-trace incidents` counts when no window is asked for. */
export const DEFAULT_INCIDENT_WINDOW_MS = 3_600_000;

export interface IncidentRunnerOptions {
  /** The program to run: e.g. [process.execPath, ...process.execArgv, 'dist/nova-trace.js']. */
  command: readonly string[];
  dir: string;
  index: string;
  /** Grows when the files do (lines read): a refresh runs only after a change. null: not now
   * (the view is still loading its history; the two would compete for the disk and cores). */
  progress(): number | null;
  onChange(data: IncidentsData): void;
  startDelayMs?: number;
  refreshMs?: number;
}

export class IncidentRunner {
  private data: IncidentsData = { state: 'loading', report: null, error: null, updated: null, running: false };
  private windowMs = DEFAULT_INCIDENT_WINDOW_MS;
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private seen: number | null = -1;
  /** The window changed while a run was under way: run again when it ends. */
  private again = false;
  private stopped = false;

  constructor(private readonly o: IncidentRunnerOptions) {
    this.schedule(o.startDelayMs ?? START_DELAY_MS);
  }

  current(): IncidentsData { return this.data; }

  /** The window to count in, back from the newest log line (ms); a change counts again at once. */
  setWindow(ms: number): void {
    if (ms === this.windowMs) return;
    this.windowMs = ms;
    this.seen = -1;
    if (this.child) { this.again = true; return; }
    if (this.data.updated !== null || this.data.state === 'error') this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.tick(); }, ms);
    this.timer.unref();
  }

  private tick(): void {
    const progress = this.o.progress();
    if (progress === null || progress === this.seen) { this.schedule(this.o.refreshMs ?? REFRESH_MS); return; }
    this.seen = progress;
    this.run();
  }

  private set(d: Partial<IncidentsData>): void {
    this.data = { ...this.data, ...d };
    this.o.onChange(this.data);
  }

  private run(): void {
    const [exe, ...pre] = this.o.command;
    const since = `${Math.max(1, Math.round(this.windowMs / 1000))}s`;
    const child = spawn(exe, [...pre, 'incidents', '--json', '--log-dir', this.o.dir, '--index', this.o.index, '--since', since], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
    });
    this.child = child;
    this.set({ running: true });
    let out = '', err = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => { err += c; });
    const finish = (code: number | null, failure: string | null) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopped) return;
      let report: IncidentsReport | null = null;
      let error = failure;
      // 0: no incidents, 1: incidents; anything else says why on stderr.
      if (!error && (code === 0 || code === 1)) {
        try { report = JSON.parse(out) as IncidentsReport; } catch (e) { error = `unreadable incidents report: ${(e as Error).message}`; }
      } else if (!error) {
        error = err.trim().split('\n').find(Boolean) ?? `nova-trace incidents exited with ${code}`;
      }
      if (report) this.set({ state: 'ready', report, error: null, updated: Date.now(), running: false });
      else this.set({ state: 'error', error, updated: Date.now(), running: false });
      const again = this.again;
      this.again = false;
      this.schedule(again ? 0 : this.o.refreshMs ?? REFRESH_MS);
    };
    child.on('error', (e) => finish(null, `cannot run nova-trace incidents: ${e.message}`));
    child.on('close', (code) => finish(code, null));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.child?.kill();
    this.child = null;
  }
}
