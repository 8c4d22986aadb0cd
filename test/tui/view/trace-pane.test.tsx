import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
vi.hoisted(() => { process.env.FORCE_COLOR = '1'; });
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { cleanup, render } from 'ink-testing-library';
import { traceRequest } from '../../../core/trace/trace-request.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import type { TracePaneData } from '../../../tui/model/types.js';
import { TracePane } from '../../../tui/view/TracePane.js';
import { TRACEBACK_CAP, traceBodyLines } from '../../../tui/view/trace-lines.js';
import { plain, screenLines, widest } from './fixtures.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
const RETRIES = 'req-4055afb9-5d4c-4dbd-b883-07d8c43e6dd5';
const NO_VALID_HOST = 'req-96f34b7b-2ca0-41fa-a5f2-f28f95c43224';

let retries: Trace;
let noValidHost: Trace;

beforeAll(async () => {
  const a = await traceRequest([path.join(SAMPLES, 'retries-exceeded')], RETRIES, { workers: 0 });
  const b = await traceRequest([path.join(SAMPLES, 'no-valid-host')], NO_VALID_HOST, { workers: 0 });
  retries = a.trace!;
  noValidHost = b.trace!;
});

afterEach(cleanup);

function pane(over: Partial<TracePaneData>): TracePaneData {
  return { query: RETRIES, state: 'ready', trace: retries, error: null, live: false, scroll: 0, ...over };
}

function show(data: TracePaneData, width: number, height: number): string[] {
  const { lastFrame } = render(<TracePane data={data} width={width} height={height} />);
  return screenLines(lastFrame());
}

describe('TracePane', () => {
  it.each([80, 120])('shows the stages, the failing one red, the attempts and the cause at width %i', (width) => {
    const lines = show(pane({}), width, 60);
    expect(lines).toHaveLength(60);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(width);
    const p = lines.map(plain);
    expect(p[0]).toContain(`trace ${RETRIES}`);
    expect(p.some((l) => /^ERROR\s/.test(l))).toBe(true);
    for (const stage of ['api.accepted', 'scheduler.select_destinations', 'compute.spawn']) expect(p.some((l) => l.includes(stage))).toBe(true);
    const failing = lines.filter((l) => plain(l).includes('FAILED'));
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0]).toMatch(/\x1b\[31m/);
    expect(failing[0]).toMatch(/\x1b\[1m/);
    expect(failing.some((l) => plain(l).startsWith('2 '))).toBe(true); // the second attempt is numbered
    expect(p.some((l) => l.startsWith('Attempts') && l.includes('cmp1'))).toBe(true);
    const cause = lines.find((l) => plain(l).startsWith('Cause'));
    expect(plain(cause!)).toContain('hypervisor-permission');
    expect(cause).toMatch(/\x1b\[31m(\x1b\[1m)?hypervisor-permission/);
    expect(p.some((l) => l.startsWith('Next check'))).toBe(true);
    expect(p.some((l) => l.startsWith('Root cause') && l.includes('compute@'))).toBe(true);
    if (width === 120) expect(p.some((l) => /█/.test(l))).toBe(true);
  });

  it('caps the root cause traceback', () => {
    const tb = retries.verdict.root_cause!.traceback;
    expect(tb.length).toBeGreaterThan(TRACEBACK_CAP);
    const p = traceBodyLines(retries, 120).map((l) => l.segs.map((s) => s.text).join(''));
    expect(p.some((l) => l.includes(`… ${tb.length - TRACEBACK_CAP + 1} more lines …`))).toBe(true);
    expect(p.some((l) => l.includes(tb[tb.length - 1].slice(0, 60)))).toBe(true);
  });

  it('shows the filter funnel with the filter that removed the last hosts', () => {
    const lines = show(pane({ query: NO_VALID_HOST, trace: noValidHost }), 120, 40);
    const filters = lines.find((l) => plain(l).startsWith('Filters'));
    expect(plain(filters!)).toContain('RamFilter');
    expect(filters).toMatch(/\x1b\[31m\x1b\[1mRamFilter|\x1b\[1m\x1b\[31mRamFilter/);
    expect(lines.some((l) => /not reached/.test(plain(l)))).toBe(true);
  });

  it.each([
    [{ state: 'loading', trace: null }, `tracing ${RETRIES}`],
    [{ state: 'not-found', trace: null }, `no log record names ${RETRIES}`],
    [{ state: 'error', trace: null, error: 'EACCES: permission denied' }, 'trace failed: EACCES'],
  ] as const)('state %o shows "%s"', (over, text) => {
    const lines = show(pane(over), 80, 10);
    expect(lines).toHaveLength(10);
    expect(plain(lines[1])).toContain(text);
  });

  it('marks a live trace and scrolls its body, keeping the title', () => {
    const first = show(pane({ live: true }), 80, 10).map(plain);
    expect(first[0]).toContain('live — updating');
    const scrolled = show(pane({ live: true, scroll: 3 }), 80, 10).map(plain);
    expect(first[0]).toMatch(/live — updating\s+1–9\/\d+$/);
    expect(scrolled[0]).toMatch(/live — updating\s+4–12\/\d+$/);
    expect(scrolled[1]).toBe(first[4]);
    const far = show(pane({ scroll: 10_000 }), 80, 10).map(plain);
    expect(far[9].trim()).not.toBe(''); // clamped: the last page stays full
  });

  it('does not overflow a 40-cell pane', () => {
    for (const trace of [retries, noValidHost]) {
      const lines = show(pane({ trace }), 40, 80);
      expect(lines).toHaveLength(80);
      expect(widest(lines.join('\n'))).toBeLessThanOrEqual(40);
    }
  });
});
