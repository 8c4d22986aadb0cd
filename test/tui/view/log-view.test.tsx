import { afterEach, describe, expect, it, vi } from 'vitest';
vi.hoisted(() => { process.env.FORCE_COLOR = '1'; });
import React from 'react';
import { cleanup, render } from 'ink-testing-library';
import { LogView } from '../../../tui/view/LogView.js';
import { CONTINUATION_CAP, GONE_TEXT, planColumns, rowLines } from '../../../tui/view/log-rows.js';
import { INSTANCE, ORIGINS, TRACEBACK, frame, plain, row, screenLines, widest } from './fixtures.js';
import type { Frame } from '../../../tui/model/types.js';

const INVERSE = '\x1b[7m';

function show(f: Frame, height = f.height - 3): string[] {
  const { lastFrame } = render(<LogView frame={f} height={height} />);
  return screenLines(lastFrame());
}

afterEach(cleanup);

describe('LogView columns', () => {
  it.each([
    { width: 80, ts: true, time: true, req: true, inst: false },
    { width: 80, ts: false, time: false, req: true, inst: true },
    { width: 120, ts: true, time: true, req: true, inst: true },
    { width: 120, ts: false, time: false, req: true, inst: true },
    { width: 40, ts: true, time: true, req: false, inst: false },
  ])('width $width timestamps $ts: time $time, request id $req, instance $inst', ({ width, ts, time, req, inst }) => {
    const lines = show(frame({ width, showTimestamps: ts, rows: [row()] }), 1).map(plain);
    expect(lines).toHaveLength(1);
    const l = lines[0];
    expect(l.includes('14:07:31.204')).toBe(time);
    expect(l.includes('req-4055afb9 ')).toBe(req);
    expect(l.includes('c1703c98 ')).toBe(inst);
    expect(l).not.toContain(INSTANCE); // the instance column is compact, never the full uuid
    expect(l.slice(0, 1 + (time ? 13 : 0) + 10)).toMatch(/cpu@cmp1\s*$/);
    expect(l).toContain('INFO ');
    if (width >= 80) expect(l).toContain('Claim successful');
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(width);
  });

  it('colours the label by service with the host part dimmer, and levels by severity', () => {
    const [cmp, sched, err] = show(frame({ rows: [row(), row({ origin: ORIGINS.sched }), row({ level: 'ERROR' })] }), 3);
    expect(cmp).toContain('\x1b[32mcpu'); // compute green
    expect(cmp).toMatch(/\x1b\[2m.*@cmp1/); // host dim
    expect(sched).toContain('\x1b[33msched'); // scheduler yellow
    expect(err).toMatch(/\x1b\[1m\x1b\[31mERROR|\x1b\[31m\x1b\[1mERROR/); // red bold
  });

  it('marks unparsed, gone, continues, marked and search-hit rows', () => {
    const rows = [
      row({ unparsed: true, level: null, message: 'garbage <<<' }),
      row({ gone: true, message: '' }),
      row({ continues: true, message: 'File "x.py", line 3' }),
      row({ marked: true }),
      row({ searchHit: true }),
    ];
    const lines = show(frame({ width: 120, rows }), 5);
    const p = lines.map(plain);
    expect(p[0]).toMatch(/cpu@cmp1\s+\?\s+.*garbage <<</);
    expect(lines[0]).toContain('\x1b[35m'); // magenta '?'
    expect(p[1]).toContain(GONE_TEXT);
    expect(p[2]).toContain('↳ File "x.py", line 3');
    expect(p[3].startsWith('▌')).toBe(true);
    expect(p[4].startsWith('*')).toBe(true);
    expect(lines[4]).toContain('\x1b[4m'); // hit underlined
  });
});

describe('LogView layout', () => {
  it.each([80, 120])('fills exactly the area height at width %i, with a capped traceback', (width) => {
    const f = frame({ width, height: 24 });
    const lines = show(f);
    expect(lines).toHaveLength(21);
    const p = lines.map(plain);
    const more = TRACEBACK.length - CONTINUATION_CAP;
    expect(p.some((l) => l.includes(`… ${more} more lines`))).toBe(true);
    expect(p.some((l) => l.includes('Traceback (most recent call last):'))).toBe(true);
    expect(p.some((l) => l.includes('Permission denied'))).toBe(false); // beyond the cap
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(width);
  });

  it('colours traceback lines red and dim, other continuation lines dim only', () => {
    const lines = show(frame({ rows: [row({ continuation: ['headerless body line', ...TRACEBACK.slice(0, 3)] })] }), 5);
    expect(plain(lines[1])).toContain('headerless body line');
    expect(lines[1]).not.toContain('\x1b[31m');
    expect(lines[2]).toContain('\x1b[31m');
  });

  it('puts the focus bar (inverse, full width) on the focused row only', () => {
    const lines = show(frame({ focusRow: 3 }));
    const focused = lines.filter((l) => l.includes(INVERSE));
    expect(focused).toHaveLength(1);
    expect(plain(focused[0])).toContain('Claim successful');
    expect(plain(focused[0]).length).toBe(80);
  });

  it('hOffset shifts the message and keeps the fixed columns', () => {
    const r = row({ message: '0123456789ABCDEFGHIJ' });
    const [a] = show(frame({ rows: [r] }), 1).map(plain);
    const [b] = show(frame({ rows: [r], hOffset: 10 }), 1).map(plain);
    const at = planColumns(80, true).messageAt;
    expect(a.slice(at)).toBe('0123456789ABCDEFGHIJ');
    expect(b.slice(at)).toBe('ABCDEFGHIJ');
    expect(b.slice(0, at)).toBe(a.slice(0, at));
  });

  it('wraps long lines, counting screen lines so the area is never exceeded', () => {
    const long = 'x'.repeat(200);
    const rows = [row({ message: long }), row({ message: 'second' })];
    const plan = planColumns(80, true);
    const room = 80 - plan.messageAt;
    const want = Math.ceil(200 / room);
    expect(rowLines(rows[0], { plan, width: 80, wrap: true, hOffset: 0 }, false)).toHaveLength(want);
    const lines = show(frame({ rows, wrap: true }), 10).map(plain);
    expect(lines).toHaveLength(10);
    expect(lines.slice(0, want).map((l) => l.slice(plan.messageAt)).join('')).toBe(long);
    expect(lines[want]).toContain('second');
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(80);
  });

  it.each([false, true])('clips rows that overflow the area (wrap %s) and keeps the focused row visible', (wrap) => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ message: `line ${i} ${'y'.repeat(wrap ? 150 : 10)}` }));
    const top = show(frame({ rows, wrap, focusRow: 0 }), 8);
    expect(top).toHaveLength(8);
    expect(plain(top[0])).toContain('line 0 ');
    const bottom = show(frame({ rows, wrap, focusRow: 29 }), 8);
    expect(bottom).toHaveLength(8);
    expect(bottom.some((l) => l.includes(INVERSE) && plain(l).includes('line 29 '))).toBe(true);
  });

  it('does not overflow a 40-cell screen, wrapped or not, with tracebacks', () => {
    for (const wrap of [false, true]) {
      const lines = show(frame({ width: 40, wrap, focusRow: 4 }), 30);
      expect(lines).toHaveLength(30);
      expect(widest(lines.join('\n'))).toBeLessThanOrEqual(40);
    }
  });

  it('renders control characters and escape sequences in log text harmlessly', () => {
    const [l] = show(frame({ rows: [row({ message: 'evil \x1b[2Jclear\tand\x07bell' })] }), 1);
    expect(l).not.toContain('\x1b[2J');
    expect(plain(l)).toContain('evil clear    and·bell');
  });
});
