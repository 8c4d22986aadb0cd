import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { BINDINGS, KEY_HELP, actionFor } from '../../../tui/model/keymap.js';
import { initialState, type Action, type UiState } from '../../../tui/model/ui-state.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key>): Key => ({ ...NO_KEY, ...k });
const log = initialState();
const inMode = (mode: UiState['mode']): UiState => ({ ...log, mode });

describe('actionFor', () => {
  const cases: [string, string, Partial<Key>, UiState, Action | null][] = [
    ['k', 'k', {}, log, { type: 'move', by: -1 }],
    ['↓', '', { downArrow: true }, log, { type: 'move', by: 1 }],
    ['j', 'j', {}, log, { type: 'move', by: 1 }],
    ['PgUp', '', { pageUp: true }, log, { type: 'page', dir: -1 }],
    ['Space', ' ', {}, log, { type: 'page', dir: 1 }],
    ['g', 'g', {}, log, { type: 'top' }],
    ['End', '', { end: true }, log, { type: 'bottom' }],
    ['G', 'G', { shift: true }, log, { type: 'bottom' }],
    ['←', '', { leftArrow: true }, log, { type: 'hscroll', dir: -1 }],
    ['→', '', { rightArrow: true }, log, { type: 'hscroll', dir: 1 }],
    ['e', 'e', {}, log, { type: 'find', what: 'error', dir: 1 }],
    ['E', 'E', { shift: true }, log, { type: 'find', what: 'error', dir: -1 }],
    ['w', 'w', {}, log, { type: 'find', what: 'warning', dir: 1 }],
    ['W', 'W', {}, log, { type: 'find', what: 'warning', dir: -1 }],
    ['/', '/', {}, log, { type: 'openPrompt', kind: 'search' }],
    ['n', 'n', {}, log, { type: 'find', what: 'search', dir: 1 }],
    ['N', 'N', {}, log, { type: 'find', what: 'search', dir: -1 }],
    ['o', 'o', {}, log, { type: 'find', what: 'request', dir: 1 }],
    ['O', 'O', {}, log, { type: 'find', what: 'request', dir: -1 }],
    ['i', 'i', {}, log, { type: 'find', what: 'instance', dir: 1 }],
    ['I', 'I', {}, log, { type: 'find', what: 'instance', dir: -1 }],
    ['m', 'm', {}, log, { type: 'mark' }],
    ['u', 'u', {}, log, { type: 'find', what: 'mark', dir: 1 }],
    ['f', 'f', {}, log, { type: 'openPrompt', kind: 'filter' }],
    ['b', 'b', {}, log, { type: 'followFocused' }],
    ['v', 'v', {}, log, { type: 'cycleService' }],
    ['0', '0', {}, log, { type: 'window', key: 0 }],
    ['1', '1', {}, log, { type: 'window', key: 1 }],
    ['6', '6', {}, log, { type: 'window', key: 6 }],
    ['Enter', '\r', { return: true }, log, { type: 'openTrace' }],
    ['p', 'p', {}, log, { type: 'openFields' }],
    ['s', 's', {}, log, { type: 'toggleFollow' }],
    ['=', '=', {}, log, { type: 'togglePause' }],
    ['t', 't', {}, log, { type: 'toggleTimestamps' }],
    ['Ctrl+W', 'w', { ctrl: true }, log, { type: 'toggleWrap' }],
    ['Ctrl+S', 's', { ctrl: true }, log, { type: 'save' }],
    ['?', '?', {}, log, { type: 'openHelp' }],
    ['q in log quits', 'q', {}, log, { type: 'quit' }],
    ['Esc in log', '', { escape: true }, log, { type: 'back' }],
    ['q in help', 'q', {}, inMode('help'), { type: 'back' }],
    ['Esc in trace', '', { escape: true }, inMode('trace'), { type: 'back' }],
    ['q in fields', 'q', {}, inMode('fields'), { type: 'back' }],
    ['j in trace scrolls it', 'j', {}, inMode('trace'), { type: 'traceScroll', by: 1 }],
    ['PgDn in trace', '', { pageDown: true }, inMode('trace'), { type: 'traceScroll', by: 21 }],
    ['j in fields still moves', 'j', {}, inMode('fields'), { type: 'move', by: 1 }],
    ['e in help does nothing', 'e', {}, inMode('help'), null],
    ['Ctrl+C anywhere', 'c', { ctrl: true }, inMode('trace'), { type: 'quit' }],
    ['unbound key', 'z', {}, log, null],
  ];
  it.each(cases)('%s', (_n, input, k, state, want) => {
    expect(actionFor(input, key(k), state)).toEqual(want);
  });

  const prompt: UiState = { ...log, prompt: { kind: 'search', text: 'boo' } };
  const promptCases: [string, string, Partial<Key>, Action | null][] = [
    ['printable edits', 't', {}, { type: 'promptInput', text: 'boot' }],
    ['q is text in a prompt', 'q', {}, { type: 'promptInput', text: 'booq' }],
    ['backspace', '', { backspace: true }, { type: 'promptInput', text: 'bo' }],
    ['delete (DEL from most terminals)', '', { delete: true }, { type: 'promptInput', text: 'bo' }],
    ['Enter submits', '\r', { return: true }, { type: 'promptSubmit' }],
    ['Esc cancels', '', { escape: true }, { type: 'promptCancel' }],
    ['Ctrl+C quits', 'c', { ctrl: true }, { type: 'quit' }],
    ['arrows ignored', '', { upArrow: true }, null],
  ];
  it.each(promptCases)('prompt: %s', (_n, input, k, want) => {
    expect(actionFor(input, key(k), prompt)).toEqual(want);
  });
});

describe('KEY_HELP', () => {
  it('lists every binding and the filter language', () => {
    expect(KEY_HELP.length).toBe(BINDINGS.length + 5);
    for (const keys of ['e/E', 'w/W', '/ n/N', 'o/O', 'i/I', 'Enter', 's', '=', 't', 'Ctrl+W', 'p', 'm u/U', 'Ctrl+S', '0–6', '←/→', 'q/Esc', 'v', 'f', '?'])
      expect(KEY_HELP.map((h) => h.keys)).toContain(keys);
    expect(KEY_HELP.every((h) => h.does.length > 0)).toBe(true);
  });
});
