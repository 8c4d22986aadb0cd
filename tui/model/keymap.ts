// Keys → actions as one data table (lnav/less/k9s conventions), which also feeds the `?` help.
// Invariant: every binding a user can press is a row of BINDINGS with its help text, and a
// prompt swallows printable keys (they edit its text) before the table is consulted.

import type { Key } from 'ink';
import { FILTER_HELP } from './filter-input.js';
import type { Mode, WindowKey } from './types.js';
import { TIME_WINDOWS } from './types.js';
import type { Action, UiState } from './ui-state.js';
import { viewportRows } from './viewport.js';

type SpecialKey = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape';
/** A printable character, a Ctrl+letter, or a special key. */
export type KeySpec = string | { ctrl: string } | { key: SpecialKey };

export interface Binding {
  keys: string;
  does: string;
  /** Modes where the binding applies. */
  modes: readonly Mode[];
  bind: readonly (readonly [KeySpec, (s: UiState) => Action])[];
}

const LOG: readonly Mode[] = ['log', 'fields'];
const PANES: readonly Mode[] = ['help', 'trace', 'fields', 'incidents'];
const ALL: readonly Mode[] = ['log', 'help', 'trace', 'fields', 'incidents'];
const k = (key: SpecialKey): KeySpec => ({ key });
const act = (a: Action) => (): Action => a;

export const BINDINGS: readonly Binding[] = [
  { keys: '↑/↓ k/j', does: 'previous / next line', modes: LOG, bind: [[k('upArrow'), act({ type: 'move', by: -1 })], ['k', act({ type: 'move', by: -1 })], [k('downArrow'), act({ type: 'move', by: 1 })], ['j', act({ type: 'move', by: 1 })]] },
  { keys: 'PgUp/PgDn Space', does: 'page up / down', modes: LOG, bind: [[k('pageUp'), act({ type: 'page', dir: -1 })], [k('pageDown'), act({ type: 'page', dir: 1 })], [' ', act({ type: 'page', dir: 1 })]] },
  { keys: 'Home/End g/G', does: 'first line / last line (G: autoscroll on)', modes: LOG, bind: [[k('home'), act({ type: 'top' })], ['g', act({ type: 'top' })], [k('end'), act({ type: 'bottom' })], ['G', act({ type: 'bottom' })]] },
  { keys: '←/→', does: 'scroll half a screen left / right', modes: LOG, bind: [[k('leftArrow'), act({ type: 'hscroll', dir: -1 })], [k('rightArrow'), act({ type: 'hscroll', dir: 1 })]] },
  { keys: 'e/E', does: 'next / previous error', modes: LOG, bind: [['e', act({ type: 'find', what: 'error', dir: 1 })], ['E', act({ type: 'find', what: 'error', dir: -1 })]] },
  { keys: 'w/W', does: 'next / previous warning', modes: LOG, bind: [['w', act({ type: 'find', what: 'warning', dir: 1 })], ['W', act({ type: 'find', what: 'warning', dir: -1 })]] },
  { keys: '/ n/N', does: 'search (regex, smartcase); next / previous match', modes: LOG, bind: [['/', act({ type: 'openPrompt', kind: 'search' })], ['n', act({ type: 'find', what: 'search', dir: 1 })], ['N', act({ type: 'find', what: 'search', dir: -1 })]] },
  { keys: 'o/O', does: 'next / previous line of the same request', modes: LOG, bind: [['o', act({ type: 'find', what: 'request', dir: 1 })], ['O', act({ type: 'find', what: 'request', dir: -1 })]] },
  { keys: 'i/I', does: 'next / previous line of the same instance', modes: LOG, bind: [['i', act({ type: 'find', what: 'instance', dir: 1 })], ['I', act({ type: 'find', what: 'instance', dir: -1 })]] },
  { keys: 'm u/U', does: 'mark the line; next / previous mark', modes: LOG, bind: [['m', act({ type: 'mark' })], ['u', act({ type: 'find', what: 'mark', dir: 1 })], ['U', act({ type: 'find', what: 'mark', dir: -1 })]] },
  { keys: 'f', does: 'filter prompt (see below)', modes: LOG, bind: [['f', act({ type: 'openPrompt', kind: 'filter' })]] },
  { keys: 'b', does: "follow this boot: only the line's request and instance (b again: stop)", modes: LOG, bind: [['b', act({ type: 'followFocused' })]] },
  { keys: 'v', does: 'show one service at a time, cycling; then all', modes: LOG, bind: [['v', act({ type: 'cycleService' })]] },
  {
    keys: '0–6', does: `time window: ${TIME_WINDOWS.map((w) => `${w.key} ${w.label}`).join(', ')}`, modes: LOG,
    bind: TIME_WINDOWS.map((w) => [String(w.key), act({ type: 'window', key: w.key as WindowKey })] as const),
  },
  { keys: 'Enter', does: "trace of the line's request (else its instance)", modes: LOG, bind: [[k('return'), act({ type: 'openTrace' })]] },
  { keys: 'p', does: 'parsed fields of the line', modes: LOG, bind: [['p', act({ type: 'openFields' })]] },
  {
    keys: '!', does: 'incidents: failed and stuck boots grouped by cause and host, as nova-trace incidents (! again: close)',
    modes: [...LOG, 'incidents'], bind: [['!', act({ type: 'openIncidents' })]],
  },
  {
    keys: '↑/↓ k/j Enter', does: 'incidents: select a group; the trace of its latest request', modes: ['incidents'],
    bind: [[k('upArrow'), act({ type: 'incidentMove', by: -1 })], ['k', act({ type: 'incidentMove', by: -1 })], [k('downArrow'), act({ type: 'incidentMove', by: 1 })], ['j', act({ type: 'incidentMove', by: 1 })],
      [k('pageUp'), act({ type: 'incidentMove', by: -5 })], [k('pageDown'), act({ type: 'incidentMove', by: 5 })], [k('home'), act({ type: 'incidentMove', by: -Infinity })], [k('end'), act({ type: 'incidentMove', by: Infinity })],
      [k('return'), act({ type: 'incidentTrace' })]],
  },
  { keys: 's', does: 'autoscroll on / off', modes: LOG, bind: [['s', act({ type: 'toggleFollow' })]] },
  { keys: '=', does: 'pause / resume reading the files', modes: ALL, bind: [['=', act({ type: 'togglePause' })]] },
  { keys: 't', does: 'timestamps on / off', modes: LOG, bind: [['t', act({ type: 'toggleTimestamps' })]] },
  { keys: 'Ctrl+W', does: 'wrap long lines on / off', modes: LOG, bind: [[{ ctrl: 'w' }, act({ type: 'toggleWrap' })]] },
  { keys: 'Ctrl+S', does: 'save the lines in the view to a file', modes: LOG, bind: [[{ ctrl: 's' }, act({ type: 'save' })]] },
  {
    keys: '↑/↓ k/j PgUp/PgDn', does: 'scroll the trace', modes: ['trace'],
    bind: [[k('upArrow'), act({ type: 'traceScroll', by: -1 })], ['k', act({ type: 'traceScroll', by: -1 })], [k('downArrow'), act({ type: 'traceScroll', by: 1 })], ['j', act({ type: 'traceScroll', by: 1 })],
      [k('pageUp'), (s) => ({ type: 'traceScroll', by: -viewportRows(s) })], [k('pageDown'), (s) => ({ type: 'traceScroll', by: viewportRows(s) })], [' ', (s) => ({ type: 'traceScroll', by: viewportRows(s) })]],
  },
  { keys: '?', does: 'this help (? again: close)', modes: ['log', 'help'], bind: [['?', act({ type: 'openHelp' })]] },
  { keys: 'q/Esc', does: 'close the pane, prompt or help', modes: PANES, bind: [['q', act({ type: 'back' })], [k('escape'), act({ type: 'back' })]] },
  { keys: 'q', does: 'quit (in the log view)', modes: ['log'], bind: [['q', act({ type: 'quit' })], [k('escape'), act({ type: 'back' })]] },
  { keys: 'Ctrl+C', does: 'quit', modes: ALL, bind: [[{ ctrl: 'c' }, act({ type: 'quit' })]] },
];

/** Help lines for the `?` screen: the key table, then the filter prompt's language. */
export const KEY_HELP: readonly { keys: string; does: string }[] = [
  ...BINDINGS.map(({ keys, does }) => ({ keys, does })),
  ...FILTER_HELP.map(({ keys, does }) => ({ keys: `f: ${keys}`, does })),
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
  if (typeof spec === 'string') return input === spec && !key.ctrl && !key.meta;
  if ('ctrl' in spec) return key.ctrl && input === spec.ctrl;
  return key[spec.key];
}

function promptAction(input: string, key: Key, text: string): Action | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (key.return) return { type: 'promptSubmit' };
  if (key.escape) return { type: 'promptCancel' };
  // Most terminals send DEL for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return { type: 'promptInput', text: text.slice(0, -1) };
  if (key.ctrl && input === 'u') return { type: 'promptInput', text: '' };
  if (key.ctrl || key.meta || input === '' || /[\x00-\x1f\x7f]/.test(input)) return null;
  return { type: 'promptInput', text: text + input };
}

export function actionFor(input: string, key: Key, state: UiState): Action | null {
  if (state.prompt) return promptAction(input, key, state.prompt.text);
  for (const b of BINDINGS) {
    if (!b.modes.includes(state.mode)) continue;
    for (const [spec, make] of b.bind) if (matches(spec, input, key)) return make(state);
  }
  return null;
}
