// Store + UiState → the Frame a view renders: only the rows that fit the viewport are parsed
// (store.row), so a frame costs the same at 100 or 5 M records. Invariant: frame.rows starts
// at the top row and the focused row, when there is one, is among them.

import { filterChips } from './filter-input.js';
import type { RecordStore } from './record-store.js';
import type { Frame, IncidentsData, RowData, TracePaneData } from './types.js';
import type { UiState } from './ui-state.js';
import { place, rowHeight, viewportRows } from './viewport.js';

const NO_INCIDENTS: IncidentsData = { state: 'loading', report: null, error: null, updated: null, running: true };

export interface FrameExtras {
  files: number;
  linesPerSecond: number;
  history: { doneBytes: number; totalBytes: number } | null;
  trace: TracePaneData | null;
}

export function buildFrame(store: RecordStore, state: UiState, ext: FrameExtras): Frame {
  const p = place(store, state);
  const vp = viewportRows(state);
  const rows: RowData[] = [];
  if (p.top >= 0) {
    let lines = 0;
    for (let i = p.top; i < store.count() && lines < vp; i++) {
      const r = store.row(i);
      rows.push(r);
      lines += rowHeight(r, state);
    }
  }
  const focusRow = p.focus >= p.top && p.focus - p.top < rows.length ? p.focus - p.top : -1;
  const trace = state.mode === 'trace' && ext.trace ? { ...ext.trace, scroll: state.trace?.scroll ?? ext.trace.scroll } : null;
  return {
    width: state.width,
    height: state.height,
    mode: state.mode,
    rows,
    focusRow,
    showTimestamps: state.showTimestamps,
    wrap: state.wrap,
    hOffset: state.hOffset,
    filterChips: filterChips(state.filter),
    prompt: state.prompt,
    status: {
      files: ext.files,
      linesPerSecond: ext.linesPerSecond,
      levelCounts: store.levelCounts(),
      following: state.follow,
      paused: state.paused,
      history: ext.history,
      total: store.count(),
      position: p.focus + 1,
      message: state.message,
      failures: state.incidents?.report?.failed_or_stuck ?? null,
    },
    trace,
    fields: state.mode === 'fields' && p.focus >= 0 ? store.row(p.focus) : null,
    incidents: state.mode === 'incidents' ? { ...(state.incidents ?? NO_INCIDENTS), focus: state.incidentFocus } : null,
  };
}
