import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../../tui/model/record-store.js';
import { initialState, isEffect, reduce, type Action, type UiState } from '../../../tui/model/ui-state.js';
import { place, viewportRows } from '../../../tui/model/viewport.js';
import { INST_1, REQ_A, TestCatalog, scenarioRecords } from './fixtures.js';

let cat: TestCatalog;
let store: RecordStore;
beforeEach(() => {
  cat = new TestCatalog();
  store = new RecordStore(cat);
  store.add(scenarioRecords(cat), 'live');
});
afterEach(() => cat.cleanup());

function run(actions: Action[], s: UiState = initialState(100, 13)): UiState {
  return actions.reduce((st, a) => reduce(st, a, store), s);
}
const focusMsg = (s: UiState) => store.row(place(store, s).focus).message;

describe('reduce: movement and follow', () => {
  it('follows the newest row by default; an upward move stops it; G resumes it', () => {
    let s = initialState(100, 13);
    expect(viewportRows(s)).toBe(10);
    expect(place(store, s).focus).toBe(39);
    s = run([{ type: 'move', by: -1 }], s);
    expect(s.follow).toBe(false);
    expect(focusMsg(s)).toBe('m38');
    s = run([{ type: 'top' }, { type: 'move', by: 3 }], s);
    expect(focusMsg(s)).toBe('m3');
    expect(place(store, s).top).toBe(0);
    s = run([{ type: 'page', dir: 1 }], s);
    expect(focusMsg(s)).toBe('m13');
    s = run([{ type: 'bottom' }], s);
    expect(s.follow).toBe(true);
    expect(place(store, s).focus).toBe(39);
  });

  it('keeps the focus where it is when new records arrive and follow is off, and on the end when on', () => {
    const off = run([{ type: 'move', by: -5 }]);
    const on = initialState(100, 13);
    const more = new TestCatalog();
    try {
      const recs = scenarioRecords(more).map((r) => ({ ...r, ts: r.ts + 3_600_000, file: r.file + 10 }));
      cat.addFile('pad1', ''); cat.addFile('pad2', '');
      store.add(recs.map((r) => ({ ...r, file: r.file - 10 + 2 })), 'live');
    } finally {
      more.cleanup();
    }
    expect(focusMsg(off)).toBe('m34');
    expect(place(store, on).focus).toBe(store.count() - 1);
  });

  it('keeps the focused row on screen (a traceback row takes several lines)', () => {
    let s = run([{ type: 'top' }]);
    for (let i = 0; i < 30; i++) s = reduce(s, { type: 'move', by: 1 }, store);
    const p = place(store, s);
    expect(p.focus).toBe(30);
    // m30 takes 4 lines (header + 3 traceback lines): the screen of 10 lines ends with it.
    expect(p.top).toBe(24);
  });

  it('toggles, scrolls sideways by half a width, resizes', () => {
    const s = run([{ type: 'toggleTimestamps' }, { type: 'togglePause' }, { type: 'hscroll', dir: 1 }, { type: 'hscroll', dir: 1 }, { type: 'resize', width: 60, height: 20 }]);
    expect([s.showTimestamps, s.paused, s.hOffset, s.width, s.height]).toEqual([false, true, 100, 60, 20]);
    const w = run([{ type: 'toggleWrap' }, { type: 'hscroll', dir: 1 }], s);
    expect([w.wrap, w.hOffset]).toEqual([true, 0]);
    expect(run([{ type: 'hscroll', dir: -1 }]).hOffset).toBe(0);
    expect(run([{ type: 'toggleFollow' }]).follow).toBe(false);
    expect(run([{ type: 'toggleFollow' }, { type: 'toggleFollow' }]).follow).toBe(true);
  });
});

describe('reduce: find', () => {
  const cases: [string, Action[], string | null, string | null][] = [
    ['e from the top', [{ type: 'top' }, { type: 'find', what: 'error', dir: 1 }], 'm10', null],
    ['e twice', [{ type: 'top' }, { type: 'find', what: 'error', dir: 1 }, { type: 'find', what: 'error', dir: 1 }], 'm30', null],
    ['E from the end', [{ type: 'find', what: 'error', dir: -1 }], 'm30', null],
    ['e past the last error', [{ type: 'find', what: 'error', dir: 1 }], 'm39', 'no next error'],
    ['w', [{ type: 'top' }, { type: 'find', what: 'warning', dir: 1 }], 'm20', null],
    ['o (same request)', [{ type: 'top' }, { type: 'find', what: 'request', dir: 1 }], 'm2', null],
    ['I (same instance) from m19', [{ type: 'top' }, { type: 'move', by: 19 }, { type: 'find', what: 'instance', dir: -1 }], 'm18', null],
    ['i with no instance', [{ type: 'find', what: 'instance', dir: 1 }], 'm39', 'no next line of this instance'],
    ['n without a search', [{ type: 'find', what: 'search', dir: 1 }], 'm39', 'no search: press / first'],
    ['m then u/U', [{ type: 'top' }, { type: 'move', by: 5 }, { type: 'mark' }, { type: 'bottom' }, { type: 'find', what: 'mark', dir: -1 }], 'm5', null],
  ];
  it.each(cases)('%s', (_n, actions, msg, message) => {
    const s = run(actions);
    expect(focusMsg(s)).toBe(msg);
    expect(s.message).toBe(message);
  });

  it('searches with / (smartcase), jumps to the first hit, then n/N', () => {
    let s = run([{ type: 'top' }, { type: 'openPrompt', kind: 'search' }, { type: 'promptInput', text: 'valueerror' }]);
    expect(s.prompt).toEqual({ kind: 'search', text: 'valueerror' });
    s = run([{ type: 'promptSubmit' }], s);
    expect(s.prompt).toBeNull();
    expect(focusMsg(s)).toBe('m30');
    expect(store.row(place(store, s).focus).searchHit).toBe(true);
    s = run([{ type: 'find', what: 'search', dir: 1 }], s);
    expect(s.message).toBe('no next match');
    s = run([{ type: 'openPrompt', kind: 'search' }, { type: 'promptInput', text: '(' }, { type: 'promptSubmit' }], s);
    expect(s.message).toMatch(/bad search regex/);
  });
});

describe('reduce: filters, windows, panes', () => {
  it('applies the filter prompt, and leaves the filter alone on a bad term', () => {
    let s = run([{ type: 'openPrompt', kind: 'filter' }, { type: 'promptInput', text: 'error+' }, { type: 'promptSubmit' }]);
    expect(s.filter.minLevel).toBe(5);
    expect(store.count()).toBe(2);
    s = run([{ type: 'openPrompt', kind: 'filter' }, { type: 'promptInput', text: '/(' }, { type: 'promptSubmit' }], s);
    expect(s.message).toMatch(/unclosed regex|bad regex/);
    expect(store.filter().minLevel).toBe(5);
    s = run([{ type: 'openPrompt', kind: 'filter' }, { type: 'promptCancel' }], s);
    expect(s.prompt).toBeNull();
  });

  it('window 1 (head) shows from the oldest with autoscroll off; window 2 is the last minute of the log clock', () => {
    const head = run([{ type: 'window', key: 1 }]);
    expect([head.follow, place(store, head).focus, head.message]).toEqual([false, 0, 'window: head']);
    run([{ type: 'window', key: 2 }]);
    expect(store.count()).toBe(40);
  });

  it('b follows the focused line\'s boot; b again stops; v cycles services', () => {
    let s = run([{ type: 'top' }, { type: 'followFocused' }]);
    expect(s.filter.follow?.label).toBe(`${REQ_A.slice(0, 12)}… ${INST_1.slice(0, 8)}…`);
    expect(store.count()).toBe(30); // REQ_A (20 even rows) or INST_1 (rows 0–19)
    s = run([{ type: 'followFocused' }], s);
    expect(store.count()).toBe(40);
    s = run([{ type: 'cycleService' }], s);
    expect([s.message, store.count()]).toEqual(['only api (v: next service)', 20]);
    s = run([{ type: 'cycleService' }, { type: 'cycleService' }], s);
    expect([s.message, store.count()]).toEqual(['all services', 40]);
  });

  it('Enter opens the trace of the focused request; back closes it; fields toggles', () => {
    let s = run([{ type: 'openTrace' }]);
    expect([s.mode, s.trace]).toEqual(['trace', { query: 'req-0a1b2c3d-1111-2222-3333-444455556666', scroll: 0 }]);
    s = run([{ type: 'traceScroll', by: 5 }, { type: 'traceScroll', by: -9 }], s);
    expect(s.trace?.scroll).toBe(0);
    s = run([{ type: 'back' }], s);
    expect([s.mode, s.trace]).toEqual(['log', null]);
    expect(run([{ type: 'openFields' }]).mode).toBe('fields');
    expect(run([{ type: 'openFields' }, { type: 'back' }]).mode).toBe('log');
    expect(run([{ type: 'openHelp' }, { type: 'back' }]).mode).toBe('log');
    expect(run([{ type: 'openPrompt', kind: 'search' }, { type: 'back' }]).prompt).toBeNull();
  });

  it('passes save and quit through unchanged', () => {
    const s = initialState();
    for (const a of [{ type: 'save' }, { type: 'quit' }] as const) {
      expect(isEffect(a)).toBe(true);
      expect(reduce(s, a, store)).toBe(s);
    }
    expect(isEffect({ type: 'mark' })).toBe(false);
  });

  it('clears a transient message on the next action', () => {
    const s = run([{ type: 'notify', text: 'saved 40 lines to x' }]);
    expect(s.message).toBe('saved 40 lines to x');
    expect(run([{ type: 'toggleTimestamps' }], s).message).toBeNull();
  });
});
