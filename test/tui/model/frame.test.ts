import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFrame } from '../../../tui/model/frame.js';
import { RecordStore } from '../../../tui/model/record-store.js';
import { initialState, reduce, type UiState } from '../../../tui/model/ui-state.js';
import { TestCatalog, scenarioRecords } from './fixtures.js';

let cat: TestCatalog;
let store: RecordStore;
const ext = { files: 2, linesPerSecond: 120, history: null, trace: null };
beforeEach(() => {
  cat = new TestCatalog();
  store = new RecordStore(cat);
  store.add(scenarioRecords(cat), 'live');
});
afterEach(() => cat.cleanup());

describe('buildFrame', () => {
  it('following: the last rows fill the viewport and the focus is the last one', () => {
    const f = buildFrame(store, initialState(100, 8), ext); // viewport 5
    expect(f.rows.map((r) => r.message)).toEqual(['m35', 'm36', 'm37', 'm38', 'm39']);
    expect(f.focusRow).toBe(4);
    expect(f.status).toMatchObject({ files: 2, linesPerSecond: 120, total: 40, position: 40, following: true, paused: false });
    expect(f.status.levelCounts).toMatchObject({ ERROR: 2, WARNING: 1, INFO: 37 });
  });

  it('not following: rows from the top row, as many as the viewport holds', () => {
    let s: UiState = initialState(100, 13);
    s = reduce(s, { type: 'top' }, store);
    s = reduce(s, { type: 'move', by: 2 }, store);
    const f = buildFrame(store, s, ext);
    expect(f.rows.length).toBe(10);
    expect(f.rows[0].message).toBe('m0');
    expect(f.focusRow).toBe(2);
    expect(f.status.position).toBe(3);
  });

  it('a multi-line row takes its lines from the viewport', () => {
    let s: UiState = initialState(100, 13);
    s = reduce(s, { type: 'top' }, store);
    s = reduce(s, { type: 'move', by: 30 }, store);
    const f = buildFrame(store, s, ext);
    // Rows 24–30: six one-line rows and m30 with 3 traceback lines = 10 lines.
    expect(f.rows.map((r) => r.message)).toEqual(['m24', 'm25', 'm26', 'm27', 'm28', 'm29', 'm30']);
    expect(f.focusRow).toBe(6);
  });

  it('carries chips, prompt, fields and mode', () => {
    let s = initialState(100, 13);
    s = reduce(s, { type: 'openPrompt', kind: 'filter' }, store);
    s = reduce(s, { type: 'promptInput', text: 'warning+ -cpu' }, store);
    s = reduce(s, { type: 'promptSubmit' }, store);
    s = reduce(s, { type: 'openFields' }, store);
    s = reduce(s, { type: 'openPrompt', kind: 'search' }, store);
    const f = buildFrame(store, s, ext);
    expect(f.filterChips).toEqual(['-cpu', '≥WARNING']);
    expect(f.prompt).toEqual({ kind: 'search', text: '' });
    expect(f.mode).toBe('fields');
    expect(f.rows.map((r) => r.message)).toEqual(['m10', 'm20', 'm30']);
    expect(f.fields?.message).toBe('m30');
  });

  it('an empty store gives an empty frame', () => {
    const empty = new RecordStore(cat);
    const f = buildFrame(empty, initialState(), ext);
    expect([f.rows.length, f.focusRow, f.status.total, f.status.position]).toEqual([0, -1, 0, 0]);
  });
});
