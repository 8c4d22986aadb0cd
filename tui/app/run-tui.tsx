// Opens the live view on a terminal: alternate screen (the shell's scrollback is left as it
// was, as less, lnav and k9s do), the newest screen drawn from the files' tails before
// anything else, then live batches and the background history load. Whatever ends the
// program — q, Ctrl+C, SIGTERM, a crash — restores the terminal first.

import v8 from 'node:v8';
import React from 'react';
import { render } from 'ink';
import { LogTail } from '../ingest/log-tail.js';
import { RecordStore } from '../model/record-store.js';
import { initialState } from '../model/ui-state.js';
import { App, ErrorBoundary } from './App.js';
import { TailController } from './tail-controller.js';

export interface TuiOptions {
  dir: string;
  saveDir: string;
  timestamps: boolean;
  maxRecords?: number;
  arenaBytes?: number;
  tailBytes?: number;
  initialFilter?: import('../model/types.js').ViewFilter;
  /** How to run `nova-trace incidents` for the incidents pane, and with which index; absent: no pane. */
  incidents?: { command: readonly string[]; index: string };
}

const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?1049l';

/** One line less than the terminal: Ink redraws a frame as tall as the screen by clearing it (flicker). */
function size(): { width: number; height: number } {
  return { width: process.stdout.columns || 80, height: Math.max(4, (process.stdout.rows || 24) - 1) };
}

export async function runTui(o: TuiOptions): Promise<number> {
  let store: RecordStore | null = null;
  let controller: TailController | null = null;
  const tail = new LogTail({
    dir: o.dir,
    tailBytes: o.tailBytes,
    onBatch: (records, kind) => { store!.add(records, kind); if (kind === 'history') controller?.historyChanged(); else controller?.changed(); },
    historyRoom: () => store!.historyRoom(),
  });
  store = new RecordStore(tail, { maxRecords: o.maxRecords, arenaBytes: o.arenaBytes });
  const { width, height } = size();
  let ui = initialState(width, height);
  if (o.initialFilter) { store.setFilter(o.initialFilter); ui = { ...ui, filter: o.initialFilter }; }
  if (!o.timestamps) ui = { ...ui, showTimestamps: false };

  let finish!: (code: number) => void;
  const done = new Promise<number>((res) => { finish = res; });
  controller = new TailController(store, tail, ui, { dir: o.dir, saveDir: o.saveDir, onQuit: () => finish(0), incidents: o.incidents });

  process.stdout.write(ENTER_ALT);
  let restored = false;
  const restore = () => { if (!restored) { restored = true; process.stdout.write(LEAVE_ALT); } };
  process.on('exit', restore);
  let failure: Error | null = null;
  const fail = (e: Error) => { failure = e; finish(2); };
  const onSignal = () => finish(130);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', fail);

  await tail.start();
  // A long-running view makes garbage at every line; V8's default heap growth then keeps ~30 MB
  // of dead objects resident. This flag is honoured at run time (the young generation's size is
  // not: see the #! line of tui/cli/nova-trace.ts). Live benchmark, 600k lines: peak RSS 227 → 170 MB.
  // It is set once the history is loaded: during the load it made V8 collect garbage at every
  // small heap step (1.07 GiB benchmark, CPU until the history was in: 28 s with it, 9 s without).
  void tail.historyDone().then(() => v8.setFlagsFromString('--optimize-for-size'));
  const app = render(
    <ErrorBoundary onError={fail}><App controller={controller} /></ErrorBoundary>,
    { maxFps: 30, exitOnCtrlC: false, patchConsole: true, incrementalRendering: false },
  );
  const onResize = () => controller!.dispatch({ type: 'resize', ...size() });
  process.stdout.on('resize', onResize);

  const code = await done;
  process.stdout.off('resize', onResize);
  controller.stop();
  app.unmount();
  await tail.stop();
  restore();
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
  process.off('uncaughtException', fail);
  if (failure) process.stderr.write(`nova-trace: internal error: ${(failure as Error).stack ?? failure}\n`);
  return code;
}
