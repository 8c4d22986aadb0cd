import { afterEach, describe, expect, it, vi } from 'vitest';
vi.hoisted(() => { process.env.FORCE_COLOR = '1'; });
import React from 'react';
import { cleanup, render } from 'ink-testing-library';
import { KEY_HELP } from '../../../tui/model/keymap.js';
import type { Frame, Mode } from '../../../tui/model/types.js';
import { NO_FILTER_HINT } from '../../../tui/view/FilterBar.js';
import { HelpView } from '../../../tui/view/HelpView.js';
import { Screen } from '../../../tui/view/Screen.js';
import { compactCount, historyBar, statusLine } from '../../../tui/view/StatusLine.js';
import { TRACEBACK, frame, plain, row, screenLines, status, widest } from './fixtures.js';

afterEach(cleanup);

function show(f: Frame): string[] {
  const { lastFrame } = render(<Screen frame={f} helpEntries={KEY_HELP} />);
  return screenLines(lastFrame());
}

const trace = { query: 'req-4055afb9', state: 'loading', trace: null, error: null, live: false, scroll: 0 } as const;

describe('Screen', () => {
  const modes: Mode[] = ['log', 'help', 'trace', 'fields'];
  const cases = [40, 80, 120].flatMap((width) => modes.flatMap((mode) => [false, true].map((wrap) => ({ width, mode, wrap }))));
  it.each(cases)('is exactly frame.height lines, none wider than $width ($mode, wrap $wrap)', ({ width, mode, wrap }) => {
    const rows = [...frame().rows, row({ message: 'z'.repeat(300), continuation: TRACEBACK })];
    const f = frame({ width, height: 24, mode, wrap, rows, focusRow: 4, trace, fields: rows[4] });
    const lines = show(f);
    expect(lines).toHaveLength(24);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(width);
  });

  it('lays out main area, filter bar, status line and prompt line top to bottom', () => {
    const lines = show(frame({ filterChips: ['-sched', '≥WARNING', '/boot/', 'last 5m'], prompt: { kind: 'filter', text: 'level>=warn' } })).map(plain);
    expect(lines[0]).toContain('POST /v2.1/servers');
    expect(lines[21]).toMatch(/^filter\s+-sched\s+≥WARNING\s+\/boot\/\s+last 5m/);
    expect(lines[22]).toMatch(/^● following/);
    expect(lines[23]).toBe('filter: level>=warn '); // cursor cell last
  });

  it('shows the no-filter hint and key hints when nothing is set', () => {
    const lines = show(frame()).map(plain);
    expect(lines[21]).toBe(NO_FILTER_HINT);
    expect(lines[23]).toContain('? help');
  });

  it('collapses chips that do not fit into +N', () => {
    const chips = Array.from({ length: 12 }, (_, i) => `/pattern-${i}/`);
    const lines = show(frame({ width: 80, filterChips: chips })).map(plain);
    expect(lines[21]).toMatch(/\+\d+$/);
    expect(lines[21].length).toBeLessThanOrEqual(80);
  });

  it('shows the search prompt with a cursor, its tail when long', () => {
    const lines = show(frame({ prompt: { kind: 'search', text: 'boot' } }));
    expect(plain(lines[23])).toBe('/boot ');
    expect(lines[23]).toContain('\x1b[7m'); // cursor cell
    const long = show(frame({ width: 40, prompt: { kind: 'search', text: 'a'.repeat(60) + 'END' } })).map(plain);
    expect(long[23].endsWith('END ')).toBe(true);
    expect(long[23]).toHaveLength(40);
  });

  it('puts a transient message on the prompt line, or in the status line while a prompt is open', () => {
    const msg = 'saved 3 lines to /tmp/view.log';
    const a = show(frame({ status: status({ message: msg }) })).map(plain);
    expect(a[23]).toBe(msg);
    expect(a[22]).not.toContain(msg);
    const b = show(frame({ status: status({ message: msg }), prompt: { kind: 'search', text: 'x' } })).map(plain);
    expect(b[22]).toContain(msg);
    expect(b[22]).toContain('row 1234/56789');
  });

  it('shows the parsed fields of the focused record in fields mode', () => {
    const r = frame().rows[4];
    const all = show(frame({ mode: 'fields', fields: r })).map(plain).join('\n');
    for (const want of ['2026-11-26 14:07:34.782', 'cmp1/nova-compute.log:10240', 'compute@cmp1', '2415', 'ERROR', 'nova.compute.manager',
      'req-4055afb9-5d4c-4dbd-b883-07d8c43e6dd5', 'c1703c98-ac54-482a-a70d-0a1c3cb5f6f0', 'Instance failed to spawn', `${TRACEBACK.length} lines`]) {
      expect(all).toContain(want);
    }
    expect(all).toMatch(/global request id\s+—/);
  });

  it.each([1, 2, 3, 4])('never exceeds a screen of height %i', (height) => {
    const lines = show(frame({ height }));
    expect(lines).toHaveLength(height);
    if (height >= 1) expect(plain(lines[height - 1])).toContain('? help');
  });
});

describe('StatusLine', () => {
  const text = (s: Parameters<typeof statusLine>[0], width = 120): string => statusLine(s, width, false).segs.map((x) => x.text).join('');

  it.each([
    [{ following: true, paused: false }, '● following'],
    [{ following: false, paused: true }, '❚❚ paused'],
    [{ following: true, paused: true }, '❚❚ paused'],
    [{ following: false, paused: false }, 'scroll (s to follow)'],
  ])('%o → %s', (over, want) => {
    expect(text(status(over)).startsWith(want)).toBe(true);
  });

  it('shows files, rate, per-level counts (E counts CRITICAL too), position and history', () => {
    const t = text(status({ history: { doneBytes: 42, totalBytes: 100 } }));
    expect(t).toContain('files 6');
    expect(t).toContain('340 lines/s');
    expect(t).toContain('E 4 W 12 I 4.2k D 21k');
    expect(t).toContain('history 42% ▕███░░░░░▏');
    expect(t.endsWith('row 1234/56789')).toBe(true);
    expect(t).toHaveLength(120);
  });

  it('colours error and warning counts', () => {
    const segs = statusLine(status(), 120, false).segs;
    expect(segs.find((s) => s.text === 'E')?.style?.color).toBe('red');
    expect(segs.find((s) => s.text === 'W')?.style?.color).toBe('yellow');
  });

  it.each([20, 30, 40, 60, 80])('drops parts by priority at width %i, keeping state and position', (width) => {
    const t = text(status({ history: { doneBytes: 1, totalBytes: 3 } }), width);
    expect(t.length).toBeLessThanOrEqual(width);
    expect(t).toContain('row 1234/56789');
    if (width >= 40) expect(t).toContain('● following');
  });

  it.each([[999, '999'], [1234, '1.2k'], [56789, '57k'], [1_234_567, '1.2M']])('compactCount(%i) = %s', (n, s) => {
    expect(compactCount(n)).toBe(s);
  });

  it.each([[0, 100, 0, 0], [50, 100, 50, 4], [100, 100, 100, 8], [5, 0, 0, 0]])('historyBar(%i/%i) = %i%% with %i full cells', (d, t, pct, full) => {
    const bar = historyBar(d, t);
    expect(bar).toContain(`history ${pct}%`);
    expect(bar.split('█').length - 1).toBe(full);
  });
});

describe('HelpView', () => {
  function help(width: number, height = 60): string[] {
    const { lastFrame } = render(<HelpView entries={KEY_HELP} width={width} height={height} />);
    return screenLines(lastFrame()).map(plain);
  }

  it.each([80, 120])('lists every key at width %i', (width) => {
    const lines = help(width);
    expect(lines).toHaveLength(60);
    const all = lines.join('\n');
    for (const e of KEY_HELP) expect(all).toContain(e.keys.replace(/^f: /, '').slice(0, 14));
    expect(all).toContain('Filter prompt');
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(width);
  });

  it('uses two columns when wide, one when narrow', () => {
    const keys = KEY_HELP.filter((e) => !e.keys.startsWith('f: '));
    const first = keys[0].keys;
    const second = keys[Math.ceil(keys.length / 2)].keys;
    const wide = help(120).find((l) => l.startsWith(first))!;
    expect(wide).toContain(second);
    const narrow = help(80).find((l) => l.startsWith(first))!;
    expect(narrow).not.toContain(second);
  });

  it('says how much was left out when the pane is too short', () => {
    const lines = help(80, 10);
    expect(lines).toHaveLength(10);
    expect(lines[9]).toMatch(/^… \d+ more lines/);
  });
});
