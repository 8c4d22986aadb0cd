// The TUI's state as a plain immutable value and the pure reducer that changes it. Invariants:
// positions are RowKeys (stable across merges, filters and eviction), never row indices; the
// reducer's only side effects are on the store (filter, search, marks); save and quit are
// effects it passes through for the app to perform.

import { applyFilterInput, followOf } from './filter-input.js';
import type { FindKind, RecordStore, RowKey } from './record-store.js';
import { NO_FILTER, TIME_WINDOWS, type IncidentsData, type Mode, type PromptKind, type ViewFilter, type WindowKey } from './types.js';
import { fitTop, place, viewportRows } from './viewport.js';

export interface UiState {
  readonly mode: Mode;
  readonly prompt: { readonly kind: PromptKind; readonly text: string } | null;
  readonly focus: RowKey | null;
  /** First row on screen. */
  readonly top: RowKey | null;
  /** Autoscroll: focus stays on the newest row. */
  readonly follow: boolean;
  /** Ingest paused (the app stops delivering batches). */
  readonly paused: boolean;
  readonly showTimestamps: boolean;
  readonly wrap: boolean;
  readonly hOffset: number;
  readonly filter: ViewFilter;
  readonly searchText: string;
  readonly search: RegExp | null;
  readonly trace: { readonly query: string; readonly scroll: number } | null;
  /** Where closing the trace pane goes back to: the log, or the incidents pane it was opened from. */
  readonly traceFrom: 'log' | 'incidents';
  /** The latest incidents count (the app's runner delivers it) and the selected group. */
  readonly incidents: IncidentsData | null;
  readonly incidentFocus: number;
  /** `v` cycle: index into store.serviceNames() shown alone, -1 = all services. */
  readonly soloService: number;
  /** Transient line under the log ("no more errors", "saved 120 lines to …"); cleared by the next action. */
  readonly message: string | null;
  readonly width: number;
  readonly height: number;
}

export function initialState(width = 80, height = 24): UiState {
  return {
    mode: 'log', prompt: null, focus: null, top: null, follow: true, paused: false, showTimestamps: true, wrap: false,
    hOffset: 0, filter: NO_FILTER, searchText: '', search: null, trace: null, traceFrom: 'log', incidents: null, incidentFocus: 0, soloService: -1, message: null, width, height,
  };
}

export const ACTION_TYPES = [
  'move', 'page', 'top', 'bottom', 'toggleFollow', 'togglePause', 'toggleTimestamps', 'toggleWrap', 'hscroll', 'window',
  'find', 'mark', 'openPrompt', 'promptInput', 'promptSubmit', 'promptCancel', 'openTrace', 'openFields', 'openHelp',
  'back', 'resize', 'traceScroll', 'cycleService', 'followFocused', 'notify', 'save', 'quit',
  'openIncidents', 'incidentMove', 'incidentTrace', 'incidents',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export type Action =
  | { type: 'move'; by: number }
  | { type: 'page'; dir: 1 | -1 }
  | { type: 'top' } | { type: 'bottom' }
  | { type: 'toggleFollow' } | { type: 'togglePause' } | { type: 'toggleTimestamps' } | { type: 'toggleWrap' }
  | { type: 'hscroll'; dir: 1 | -1 }
  | { type: 'window'; key: WindowKey }
  | { type: 'find'; what: FindKind; dir: 1 | -1 }
  | { type: 'mark' }
  | { type: 'openPrompt'; kind: PromptKind }
  | { type: 'promptInput'; text: string }
  | { type: 'promptSubmit' } | { type: 'promptCancel' }
  | { type: 'openTrace' } | { type: 'openFields' } | { type: 'openHelp' }
  | { type: 'back' }
  | { type: 'resize'; width: number; height: number }
  | { type: 'traceScroll'; by: number }
  | { type: 'cycleService' }
  | { type: 'followFocused' }
  | { type: 'notify'; text: string }
  | { type: 'save' } | { type: 'quit' }
  | { type: 'openIncidents' }
  | { type: 'incidentMove'; by: number }
  | { type: 'incidentTrace' }
  | { type: 'incidents'; data: IncidentsData };

const EFFECTS: ReadonlySet<ActionType> = new Set<ActionType>(['save', 'quit']);

/** Save and quit are performed by the app; reduce() returns the state unchanged for them. */
export function isEffect(a: Action): a is { type: 'save' } | { type: 'quit' } {
  return EFFECTS.has(a.type);
}

const FIND_NAMES: Readonly<Record<FindKind, string>> = {
  error: 'error', warning: 'warning', search: 'match', request: 'line of this request', instance: 'line of this instance', mark: 'mark',
};

/** Search text → regex: smartcase (all-lowercase text searches case-insensitively), as less -i and lnav. */
export function searchRegex(text: string): RegExp | { error: string } {
  try {
    return new RegExp(text, text === text.toLowerCase() ? 'i' : '');
  } catch (e) {
    return { error: `bad search regex /${text}/: ${(e as Error).message}` };
  }
}

/** Put the focus on row `i`, keep it on screen, leave follow off. */
function focusOn(store: RecordStore, s: UiState, i: number, topHint: number): UiState {
  const top = fitTop(store, s, i, Math.min(topHint, i));
  return { ...s, follow: false, focus: store.keyAt(i), top: store.keyAt(top) };
}

function setFilter(store: RecordStore, s: UiState, filter: ViewFilter): UiState {
  store.setFilter(filter);
  return { ...s, filter };
}

export function reduce(state: UiState, action: Action, store: RecordStore): UiState {
  if (isEffect(action)) return state;
  const s: UiState = state.message === null ? state : { ...state, message: null };
  const n = store.count();
  const p = place(store, s);
  switch (action.type) {
    case 'move': {
      if (p.focus < 0) return s;
      if (action.by > 0 && s.follow) return s;
      const to = Math.max(0, Math.min(n - 1, p.focus + action.by));
      return focusOn(store, s, to, p.top);
    }
    case 'page': {
      if (p.focus < 0) return s;
      if (action.dir > 0 && s.follow) return s;
      const by = action.dir * viewportRows(s);
      const to = Math.max(0, Math.min(n - 1, p.focus + by));
      return focusOn(store, s, to, Math.max(0, Math.min(to, p.top + by)));
    }
    case 'top':
      return n === 0 ? { ...s, follow: false } : focusOn(store, s, 0, 0);
    case 'bottom':
      return { ...s, follow: true, focus: null, top: null };
    case 'toggleFollow':
      if (!s.follow) return { ...s, follow: true, focus: null, top: null, message: 'autoscroll on' };
      return {
        ...s, follow: false, focus: p.focus < 0 ? null : store.keyAt(p.focus), top: p.top < 0 ? null : store.keyAt(p.top),
        message: 'autoscroll off (s or G: on)',
      };
    case 'togglePause':
      return { ...s, paused: !s.paused, message: s.paused ? 'ingest resumed' : 'ingest paused (= resumes)' };
    case 'toggleTimestamps':
      return { ...s, showTimestamps: !s.showTimestamps };
    case 'toggleWrap':
      return { ...s, wrap: !s.wrap, hOffset: 0, message: s.wrap ? 'wrap off' : 'wrap on' };
    case 'hscroll':
      if (s.wrap) return s;
      return { ...s, hOffset: Math.max(0, s.hOffset + action.dir * Math.max(1, Math.floor(s.width / 2))) };
    case 'window': {
      const next = setFilter(store, s, { ...s.filter, window: action.key });
      const msg = `window: ${TIME_WINDOWS[action.key].label}`;
      if (action.key === 1) return store.count() ? { ...focusOn(store, next, 0, 0), message: msg } : { ...next, follow: false, message: msg };
      return { ...next, message: msg };
    }
    case 'find': {
      if (p.focus < 0) return s;
      if (action.what === 'search' && !s.search) return { ...s, message: 'no search: press / first' };
      let i = store.find(p.focus, action.dir, action.what, store.keyAt(p.focus));
      if (i < 0 && action.what === 'search') {
        // n/N wrap around as in vim and less; the message says so.
        i = store.find(action.dir > 0 ? -1 : n, action.dir, 'search');
        if (i >= 0 && i !== p.focus) return { ...focusOn(store, s, i, p.top), message: `search wrapped to the ${action.dir > 0 ? 'top' : 'bottom'}` };
      }
      if (i < 0 || i === p.focus) return { ...s, message: `no ${action.dir > 0 ? 'next' : 'previous'} ${FIND_NAMES[action.what]}` };
      return focusOn(store, s, i, p.top);
    }
    case 'mark': {
      if (p.focus < 0) return s;
      const key = store.keyAt(p.focus);
      store.toggleMark(key);
      const marked = store.row(p.focus).marked;
      return { ...s, message: marked ? 'marked (u/U: next/previous mark)' : 'mark removed' };
    }
    case 'openPrompt':
      return { ...s, prompt: { kind: action.kind, text: '' } };
    case 'promptInput':
      return s.prompt ? { ...s, prompt: { ...s.prompt, text: action.text } } : s;
    case 'promptCancel':
      return { ...s, prompt: null };
    case 'promptSubmit':
      return s.prompt ? submitPrompt(store, { ...s, prompt: null }, s.prompt.kind, s.prompt.text, p.focus, p.top) : s;
    case 'openTrace': {
      if (p.focus < 0) return s;
      const row = store.row(p.focus);
      const query = row.requestId ?? row.instance;
      if (!query) return { ...s, message: 'this line has no request id or instance to trace' };
      return { ...s, mode: 'trace', trace: { query, scroll: 0 }, traceFrom: 'log' };
    }
    case 'openFields':
      return { ...s, mode: s.mode === 'fields' ? 'log' : 'fields' };
    case 'openHelp':
      return { ...s, mode: s.mode === 'help' ? 'log' : 'help' };
    case 'back':
      if (s.prompt) return { ...s, prompt: null };
      if (s.mode === 'trace' && s.traceFrom === 'incidents') return { ...s, mode: 'incidents', trace: null, traceFrom: 'log' };
      if (s.mode !== 'log') return { ...s, mode: 'log', trace: null };
      return s;
    case 'resize':
      return { ...s, width: Math.max(1, action.width), height: Math.max(1, action.height), message: state.message };
    case 'traceScroll':
      return s.trace ? { ...s, trace: { ...s.trace, scroll: Math.max(0, s.trace.scroll + action.by) } } : s;
    case 'cycleService': {
      const names = store.serviceNames();
      const solo = s.soloService + 1 >= names.length ? -1 : s.soloService + 1;
      const hidden = new Set(solo < 0 ? [] : names.filter((_, i) => i !== solo));
      const next = setFilter(store, s, { ...s.filter, hiddenServices: hidden });
      return { ...next, soloService: solo, message: solo < 0 ? 'all services' : `only ${names[solo]} (v: next service)` };
    }
    case 'followFocused': {
      if (s.filter.follow) return { ...setFilter(store, s, { ...s.filter, follow: null }), message: 'following stopped' };
      if (p.focus < 0) return s;
      const row = store.row(p.focus);
      const follow = followOf(row.requestId, row.instance);
      if (!follow) return { ...s, message: 'this line has no request id or instance to follow' };
      const key = store.keyAt(p.focus);
      const next = setFilter(store, s, { ...s.filter, follow });
      return { ...next, focus: key, top: key, message: `following ${follow.label} (b: stop)` };
    }
    case 'notify':
      return { ...s, message: action.text };
    case 'openIncidents':
      return s.mode === 'incidents' ? { ...s, mode: 'log' } : { ...s, mode: 'incidents', trace: null, traceFrom: 'log' };
    case 'incidentMove': {
      const groups = s.incidents?.report?.incidents.length ?? 0;
      return groups ? { ...s, incidentFocus: Math.max(0, Math.min(groups - 1, s.incidentFocus + action.by)) } : s;
    }
    case 'incidentTrace': {
      const g = s.incidents?.report?.incidents[s.incidentFocus];
      if (!g || g.examples.length === 0) return { ...s, message: 'no incident to trace' };
      return { ...s, mode: 'trace', trace: { query: g.examples[0], scroll: 0 }, traceFrom: 'incidents' };
    }
    case 'incidents': {
      // A new count keeps the selection on the same cause and host when it is still listed.
      const was = s.incidents?.report?.incidents[s.incidentFocus];
      const groups = action.data.report?.incidents ?? s.incidents?.report?.incidents ?? [];
      const same = was ? groups.findIndex((g) => g.cause === was.cause && g.host === was.host) : -1;
      const focus = same >= 0 ? same : Math.max(0, Math.min(groups.length - 1, s.incidentFocus));
      return { ...s, incidents: action.data, incidentFocus: focus, message: state.message };
    }
  }
}

function submitPrompt(store: RecordStore, s: UiState, kind: PromptKind, text: string, focus: number, top: number): UiState {
  if (kind === 'filter') {
    const r = applyFilterInput(text, s.filter);
    if ('error' in r) return { ...s, message: r.error };
    return { ...setFilter(store, s, r.filter), soloService: -1 };
  }
  if (text === '') {
    store.setSearch(null);
    return { ...s, search: null, searchText: '', message: 'search cleared' };
  }
  const re = searchRegex(text);
  if (!(re instanceof RegExp)) return { ...s, message: re.error };
  store.setSearch(re);
  const next: UiState = { ...s, search: re, searchText: text };
  if (focus < 0) return next;
  // From the focused line on, then from the top (vim's wrapscan): a search typed while
  // following the end still finds what is above.
  let i = store.find(focus - 1, 1, 'search');
  let wrapped = false;
  if (i < 0) { i = store.find(-1, 1, 'search'); wrapped = i >= 0 && i < focus; }
  if (i < 0) return { ...next, message: `no match for /${text}/` };
  const found = focusOn(store, next, i, top);
  return wrapped ? { ...found, message: `/${text}/: search wrapped to the top` } : found;
}
