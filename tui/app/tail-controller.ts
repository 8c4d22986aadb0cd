// The live view's state outside React: the store, the UI state and the effects the reducer
// leaves to the app (pausing ingest, saving, quitting, running traces). React subscribes to a
// version number; changes from file batches are coalesced to at most one notification per
// FRAME_MS, so a burst of 20,000 lines/s costs a bounded number of renders.

import type { Key } from 'ink';
import { buildFrame } from '../model/frame.js';
import { actionFor } from '../model/keymap.js';
import type { RecordStore } from '../model/record-store.js';
import type { Frame } from '../model/types.js';
import { reduce, type Action, type UiState } from '../model/ui-state.js';
import { TIME_WINDOWS } from '../model/types.js';
import { DEFAULT_INCIDENT_WINDOW_MS, IncidentRunner } from './incident-runner.js';
import { TraceRunner } from './trace-runner.js';
import { saveView } from './view-saver.js';

const FRAME_MS = 33;
/**
 * History batches (older records, loaded in the background) redraw at most this often: they
 * rarely change the rows on screen, mostly the progress; at 30 frames a second the drawing
 * and its garbage took more time than loading the history.
 */
export const HISTORY_FRAME_MS = 250;

/** What the controller needs from ingest (LogTail). */
export interface TailSource {
  pause(): void;
  resume(): void;
  stats(): { filesFollowed: number; linesRead: number; history: { doneBytes: number; totalBytes: number } | null };
}

export class TailController {
  private state: UiState;
  private version = 0;
  private frameCache: { version: number; frame: Frame } | null = null;
  private readonly listeners = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | null = null;
  /** When the pending notifyTimer fires (performance.now() time). */
  private notifyDue = 0;
  private lastBumpAt = -Infinity;
  private readonly meter: NodeJS.Timeout;
  private lastLines = -1;
  private lastMeterAt = performance.now();
  private linesPerSecond = 0;
  /** History progress (percent) as last shown, −1 when none: a change re-renders the status line. */
  // Not -1 (no history): the first measure must redraw even when history ended before it, with no batch.
  private historyShown = -2;
  readonly traces: TraceRunner;
  private readonly incidents: IncidentRunner | null;

  constructor(
    private readonly store: RecordStore,
    private readonly source: TailSource,
    initial: UiState,
    private readonly opts: { dir: string; saveDir: string; onQuit(): void; incidents?: { command: readonly string[]; index: string } },
  ) {
    this.state = initial;
    this.traces = new TraceRunner(opts.dir, () => this.changed());
    this.incidents = opts.incidents ? new IncidentRunner({
      command: opts.incidents.command, dir: opts.dir, index: opts.incidents.index,
      progress: () => { const st = this.source.stats(); return st.history ? null : st.linesRead; },
      onChange: (data) => { this.state = reduce(this.state, { type: 'incidents', data }, this.store); this.changed(); },
    }) : null;
    this.incidents?.setWindow(this.incidentWindow());
    this.meter = setInterval(() => this.measure(), 1000);
    this.meter.unref();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  ui(): UiState { return this.state; }

  frame(): Frame {
    if (this.frameCache?.version === this.version) return this.frameCache.frame;
    const st = this.source.stats();
    const frame = buildFrame(this.store, this.state, {
      files: st.filesFollowed, linesPerSecond: this.linesPerSecond, history: st.history, trace: this.traces.current(),
    });
    this.frameCache = { version: this.version, frame };
    return frame;
  }

  /** New records arrived (or anything else changed outside a key press): render soon. */
  changed = (): void => this.renderWithin(FRAME_MS);

  /** History records arrived: render, but not more often than HISTORY_FRAME_MS. */
  historyChanged(): void {
    this.renderWithin(HISTORY_FRAME_MS);
  }

  // Leading edge: the first change after a quiet `gapMs` renders at once; later ones wait for
  // the slot, so a burst costs one render per gap. A shorter gap moves a pending render earlier.
  private renderWithin(gapMs: number): void {
    const due = this.lastBumpAt + gapMs;
    if (this.notifyTimer) {
      if (due >= this.notifyDue) return;
      clearTimeout(this.notifyTimer);
      this.notifyTimer = null;
    }
    const wait = due - performance.now();
    if (wait <= 0) { this.bump(); return; }
    this.notifyDue = due;
    this.notifyTimer = setTimeout(() => { this.notifyTimer = null; this.bump(); }, wait);
  }

  key(input: string, key: Key): void {
    // Keys typed faster than the terminal is read (or pasted) arrive as one chunk: take them
    // one at a time, so that '/' opens the prompt and the rest of the chunk goes into it.
    if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const ch of input) {
        const single = ch === '\r' ? { ...key, return: true } : ch === '\x7f' || ch === '\b' ? { ...key, backspace: true } : ch === '\t' ? { ...key, tab: true } : key;
        const action = actionFor(ch === '\r' ? '' : ch, single, this.state);
        if (action) this.dispatch(action);
      }
      return;
    }
    const action = actionFor(input, key, this.state);
    if (action) this.dispatch(action);
  }

  dispatch(action: Action): void {
    if (action.type === 'quit') { this.opts.onQuit(); return; }
    if (action.type === 'save') { this.save(); return; }
    const before = this.state;
    this.state = reduce(this.state, action, this.store);
    if (this.state.paused !== before.paused) {
      if (this.state.paused) this.source.pause(); else this.source.resume();
    }
    this.traces.show(this.state.mode === 'trace' ? this.state.trace?.query ?? null : null);
    this.incidents?.setWindow(this.incidentWindow());
    this.bump();
  }

  /** The incidents pane counts in the view's last-N window, else as `nova-trace incidents` does (the last hour). */
  private incidentWindow(): number {
    return TIME_WINDOWS[this.state.filter.window].lastMs ?? DEFAULT_INCIDENT_WINDOW_MS;
  }

  private save(): void {
    try {
      const { file, records } = saveView(this.store, this.opts.saveDir, this.state.showTimestamps);
      this.state = reduce(this.state, { type: 'notify', text: `saved ${records} record(s) to ${file}` }, this.store);
    } catch (e) {
      this.state = reduce(this.state, { type: 'notify', text: `cannot save: ${(e as Error).message}` }, this.store);
    }
    this.bump();
  }

  private measure(): void {
    const now = performance.now();
    const st = this.source.stats();
    const lines = st.linesRead;
    const historyShown = st.history ? Math.floor((100 * st.history.doneBytes) / Math.max(1, st.history.totalBytes)) : -1;
    if (historyShown !== this.historyShown) {
      if (historyShown < 0 && this.historyShown >= 0 && this.store.historyRoom() <= 0) {
        this.state = reduce(this.state, { type: 'notify', text: `history: the newest ${this.store.size().toLocaleString('en')} records are loaded (--max-records); older lines stay on disk` }, this.store);
      }
      this.historyShown = historyShown;
      this.changed();
    }
    // The first second's count includes the tails read at start: a baseline, not a rate.
    const rate = this.lastLines < 0 ? 0 : ((lines - this.lastLines) * 1000) / (now - this.lastMeterAt);
    this.lastLines = lines;
    this.lastMeterAt = now;
    if (Math.round(rate) !== Math.round(this.linesPerSecond)) { this.linesPerSecond = rate; this.changed(); }
  }

  private bump(): void {
    this.lastBumpAt = performance.now();
    this.version++;
    for (const fn of this.listeners) fn();
  }

  stop(): void {
    clearInterval(this.meter);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.traces.stop();
    this.incidents?.stop();
  }
}
