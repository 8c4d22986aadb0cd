// Which rows are on screen: the focused row and the first row shown, as indices resolved from
// the RowKeys in UiState. Invariant: the focused row is always inside the viewport; with
// follow on, the focus is the last row and the screen ends with it. Walks at most one screen.

import type { RecordStore } from './record-store.js';
import type { RowData } from './types.js';
import type { UiState } from './ui-state.js';

/** Fixed chrome: filter bar, status line, prompt/message line. */
export const CHROME_ROWS = 3;
/** Continuation lines shown under a record before "… N more" (same cap as the view). */
export const CONTINUATION_CAP = 12;
/** Cells before the message column with every column shown (approximation for wrapped rows). */
const MESSAGE_AT = { withTime: 66, withoutTime: 53 };
const CONTINUATION_AT = 5;

export function viewportRows(state: Pick<UiState, 'height'>): number {
  return Math.max(1, state.height - CHROME_ROWS);
}

function wrapped(len: number, room: number): number {
  return room > 0 ? Math.max(1, Math.ceil(len / room)) : 1;
}

/** Screen lines a row takes: header, capped continuation, "… N more"; wrap makes long lines take more. */
export function rowHeight(row: RowData, state: Pick<UiState, 'wrap' | 'width' | 'showTimestamps'>): number {
  if (row.gone) return 1;
  const shown = Math.min(row.continuation.length, CONTINUATION_CAP);
  const more = row.continuation.length > shown ? 1 : 0;
  if (!state.wrap) return 1 + shown + more;
  const at = state.showTimestamps ? MESSAGE_AT.withTime : MESSAGE_AT.withoutTime;
  let h = wrapped(row.message.length + (row.continues ? 2 : 0), state.width - at) + more;
  for (let i = 0; i < shown; i++) h += wrapped(row.continuation[i].length, state.width - CONTINUATION_AT);
  return h;
}

/** Top row index such that `focus` is the last row that fits on screen. */
export function topForBottom(store: RecordStore, state: UiState, focus: number): number {
  const vp = viewportRows(state);
  let lines = rowHeight(store.row(focus), state);
  let top = focus;
  while (top > 0) {
    const h = rowHeight(store.row(top - 1), state);
    if (lines + h > vp) break;
    lines += h;
    top--;
  }
  return top;
}

/** The smallest change to `top` that keeps `focus` on screen. */
export function fitTop(store: RecordStore, state: UiState, focus: number, top: number): number {
  if (top > focus || top < 0) return focus;
  const vp = viewportRows(state);
  if (focus - top >= vp) return topForBottom(store, state, focus);
  let lines = 0;
  for (let i = top; i <= focus; i++) lines += rowHeight(store.row(i), state);
  return lines <= vp ? top : topForBottom(store, state, focus);
}

export interface Placement { focus: number; top: number }

/** Focus and top as row indices for the store as it is now (-1, -1 when the view is empty). */
export function place(store: RecordStore, state: UiState): Placement {
  const n = store.count();
  if (n === 0) return { focus: -1, top: -1 };
  if (state.follow) {
    const focus = n - 1;
    return { focus, top: topForBottom(store, state, focus) };
  }
  const focus = state.focus ? store.indexOf(state.focus) : 0;
  const top = state.top ? store.indexOf(state.top) : focus;
  return { focus, top: fitTop(store, state, focus, Math.min(top, focus)) };
}
