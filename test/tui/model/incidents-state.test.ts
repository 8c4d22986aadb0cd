// The incidents pane's model: `!` opens and closes it, the selection moves by group and stays
// on the same cause and host across recounts, Enter opens the trace of the group's latest
// request and closing that trace comes back to the pane; the frame carries the pane and the
// status line's failure count.
import type { Key } from 'ink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentGroup, IncidentsReport } from '../../../core/fleet/incidents.js';
import { buildFrame } from '../../../tui/model/frame.js';
import { actionFor } from '../../../tui/model/keymap.js';
import { RecordStore } from '../../../tui/model/record-store.js';
import type { IncidentsData } from '../../../tui/model/types.js';
import { initialState, reduce, type Action, type UiState } from '../../../tui/model/ui-state.js';
import { TestCatalog, scenarioRecords } from './fixtures.js';

let cat: TestCatalog;
let store: RecordStore;
beforeEach(() => {
  cat = new TestCatalog();
  store = new RecordStore(cat);
  store.add(scenarioRecords(cat), 'live');
});
afterEach(() => cat.cleanup());

const run = (actions: Action[], s: UiState = initialState(100, 30)): UiState => actions.reduce((st, a) => reduce(st, a, store), s);

function group(cause: string, host: string | null, count: number, examples: string[]): IncidentGroup {
  return { cause, host, count, statuses: { ERROR: count }, first: '2026-11-26 14:02:00', last: '2026-11-26 14:20:00', failed_stage: 'compute.network', probable_cause: 'the vif never plugged', next_check: 'the neutron agent on the host', examples };
}

function data(groups: IncidentGroup[]): IncidentsData {
  const report: IncidentsReport = {
    schema: 'nova-trace-incidents/v1', window: { from: '2026-11-26 13:20:00', to: '2026-11-26 14:20:00', newest_log_line: '2026-11-26 14:20:00', since_ms: 3_600_000 },
    boots: 20, failed_or_stuck: groups.reduce((n, g) => n + g.count, 0), incidents: groups,
  };
  return { state: 'ready', report, error: null, updated: 0, running: false };
}

const VIF = group('vif-plug-timeout', 'cmp3', 9, ['req-aaaaaaaa-0000-4000-8000-000000000009', 'req-aaaaaaaa-0000-4000-8000-000000000008']);
const NOCAND = group('no-allocation-candidates', null, 3, ['req-bbbbbbbb-0000-4000-8000-000000000003']);
const SPAWN = group('hypervisor-permission', 'cmp1', 1, ['req-cccccccc-0000-4000-8000-000000000001']);

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

describe('incidents pane: state', () => {
  it('opens with ! and closes with ! or Esc', () => {
    let s = run([{ type: 'openIncidents' }]);
    expect(s.mode).toBe('incidents');
    s = run([{ type: 'openIncidents' }], s);
    expect(s.mode).toBe('log');
    s = run([{ type: 'openIncidents' }, { type: 'back' }], s);
    expect(s.mode).toBe('log');
  });

  it('moves the selection by group, within the list', () => {
    let s = run([{ type: 'incidents', data: data([VIF, NOCAND, SPAWN]) }, { type: 'openIncidents' }]);
    expect(s.incidentFocus).toBe(0);
    s = run([{ type: 'incidentMove', by: 1 }, { type: 'incidentMove', by: 1 }, { type: 'incidentMove', by: 1 }], s);
    expect(s.incidentFocus).toBe(2);
    s = run([{ type: 'incidentMove', by: -Infinity }], s);
    expect(s.incidentFocus).toBe(0);
  });

  it('keeps the selection on the same cause and host when a recount reorders the groups', () => {
    let s = run([{ type: 'incidents', data: data([VIF, NOCAND, SPAWN]) }, { type: 'openIncidents' }, { type: 'incidentMove', by: 1 }]);
    expect(s.incidents!.report!.incidents[s.incidentFocus].cause).toBe('no-allocation-candidates');
    s = run([{ type: 'incidents', data: data([{ ...NOCAND, count: 12 }, VIF, SPAWN]) }], s);
    expect(s.incidentFocus).toBe(0);
    s = run([{ type: 'incidents', data: data([VIF]) }], s);
    expect(s.incidentFocus).toBe(0);
  });

  it("Enter opens the selected group's latest request; closing the trace comes back to the pane", () => {
    let s = run([{ type: 'incidents', data: data([VIF, NOCAND]) }, { type: 'openIncidents' }, { type: 'incidentTrace' }]);
    expect(s.mode).toBe('trace');
    expect(s.trace).toEqual({ query: VIF.examples[0], scroll: 0 });
    s = run([{ type: 'back' }], s);
    expect(s.mode).toBe('incidents');
    expect(s.trace).toBeNull();
    s = run([{ type: 'back' }], s);
    expect(s.mode).toBe('log');
  });

  it('says so when there is nothing to trace, and a recount keeps the message on screen', () => {
    let s = run([{ type: 'openIncidents' }, { type: 'incidentTrace' }]);
    expect(s.mode).toBe('incidents');
    expect(s.message).toBe('no incident to trace');
    s = run([{ type: 'incidents', data: data([]) }], s);
    expect(s.message).toBe('no incident to trace');
  });
});

describe('incidents pane: keys and frame', () => {
  it('binds ! in the log and the pane, and j/k/Enter/q inside the pane', () => {
    const log = initialState();
    const pane: UiState = { ...log, mode: 'incidents' };
    expect(actionFor('!', NO_KEY, log)).toEqual({ type: 'openIncidents' });
    expect(actionFor('!', NO_KEY, pane)).toEqual({ type: 'openIncidents' });
    expect(actionFor('j', NO_KEY, pane)).toEqual({ type: 'incidentMove', by: 1 });
    expect(actionFor('', { ...NO_KEY, upArrow: true }, pane)).toEqual({ type: 'incidentMove', by: -1 });
    expect(actionFor('\r', { ...NO_KEY, return: true }, pane)).toEqual({ type: 'incidentTrace' });
    expect(actionFor('q', NO_KEY, pane)).toEqual({ type: 'back' });
    expect(actionFor('\r', { ...NO_KEY, return: true }, log)).toEqual({ type: 'openTrace' });
  });

  it('puts the pane in the frame only in its mode, and the failure count in the status line always', () => {
    const ext = { files: 3, linesPerSecond: 0, history: null, trace: null };
    let s = run([]);
    expect(buildFrame(store, s, ext).status.failures).toBeNull();
    s = run([{ type: 'incidents', data: data([VIF, NOCAND]) }], s);
    let f = buildFrame(store, s, ext);
    expect(f.status.failures).toBe(12);
    expect(f.incidents).toBeNull();
    s = run([{ type: 'openIncidents' }, { type: 'incidentMove', by: 1 }], s);
    f = buildFrame(store, s, ext);
    expect(f.mode).toBe('incidents');
    expect(f.incidents).toMatchObject({ state: 'ready', focus: 1 });
    expect(f.incidents!.report!.incidents.map((g) => g.cause)).toEqual(['vif-plug-timeout', 'no-allocation-candidates']);
  });

  it('shows a pane that is still counting before the first report', () => {
    const f = buildFrame(store, run([{ type: 'openIncidents' }]), { files: 1, linesPerSecond: 0, history: null, trace: null });
    expect(f.incidents).toMatchObject({ state: 'loading', report: null, focus: 0 });
  });
});
