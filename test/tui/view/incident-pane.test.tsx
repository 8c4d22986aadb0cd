// The incidents pane and the status line's failure count as rendered by Ink: groups ranked as
// core grouped them, the selected one marked and kept on screen when the list is longer than
// the pane, the loading and error states, and the withheld note of a hands-on lab.
import { afterEach, describe, expect, it } from 'vitest';
import React from 'react';
import { cleanup, render } from 'ink-testing-library';
import { groupIncidents, type IncidentsReport } from '../../../core/fleet/incidents.js';
import type { BootOutcome } from '../../../core/fleet/boot-traces.js';
import type { IncidentPaneData } from '../../../tui/model/types.js';
import { IncidentPane } from '../../../tui/view/IncidentPane.js';
import { statusLine } from '../../../tui/view/StatusLine.js';
import { plain, screenLines, status, widest } from './fixtures.js';

afterEach(cleanup);

function outcome(i: number, cause: string, host: string | null, over: Partial<BootOutcome> = {}): BootOutcome {
  return {
    request_id: `req-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`, ts: Date.UTC(2026, 10, 26, 14, i), http_status: 202, status: 'ERROR',
    cause, signature: null, failed_stage: 'compute.network', host, duration_ms: 300_000,
    probable_cause: `${cause}: what the catalogue says about it, long enough to wrap on a narrow pane`, next_check: `look at ${host ?? 'placement'}`, stages: [], ...over,
  };
}

// 9 × vif-plug-timeout on cmp3, 3 × no-allocation-candidates (no host), 1 stuck on cmp1, and singles.
const OUTCOMES: BootOutcome[] = [
  ...Array.from({ length: 9 }, (_, i) => outcome(i, 'vif-plug-timeout', 'cmp3')),
  ...Array.from({ length: 3 }, (_, i) => outcome(20 + i, 'no-allocation-candidates', null)),
  outcome(30, 'stuck', 'cmp1', { status: 'STUCK' }),
  ...Array.from({ length: 6 }, (_, i) => outcome(40 + i, `cause-${i}`, `cmp${i + 4}`)),
];

function report(outcomes: BootOutcome[]): IncidentsReport {
  const incidents = groupIncidents(outcomes);
  return {
    schema: 'nova-trace-incidents/v1', window: { from: '2026-11-26 13:45:00', to: '2026-11-26 14:45:00', newest_log_line: '2026-11-26 14:45:00', since_ms: 3_600_000 },
    boots: 40, failed_or_stuck: incidents.reduce((n, g) => n + g.count, 0), incidents,
  };
}

function pane(over: Partial<IncidentPaneData> = {}): IncidentPaneData {
  return { state: 'ready', report: report(OUTCOMES), error: null, updated: Date.UTC(2026, 10, 26, 14, 45, 5), running: false, focus: 0, ...over };
}

function show(d: IncidentPaneData | null, width: number, height: number): { lines: string[]; raw: string | undefined } {
  const { lastFrame } = render(<IncidentPane data={d} width={width} height={height} />);
  return { lines: screenLines(lastFrame()).map(plain), raw: lastFrame() };
}

describe('IncidentPane', () => {
  it.each([80, 140])('lists the groups most frequent first with times, hosts, cause, check and examples (width %i)', (width) => {
    const { lines, raw } = show(pane(), width, 40);
    expect(lines).toHaveLength(40);
    expect(widest(raw)).toBeLessThanOrEqual(width);
    expect(lines[0]).toMatch(/^incidents +19 failed or stuck in 9 group\(s\) of 40 boot\(s\) +counted \d\d:\d\d:\d\d$/);
    expect(lines[1]).toMatch(/^window: the last 1 h of the logs, 2026-11-26 13:45:00 → 14:45:00 \(back from/);
    const heads = lines.filter((l) => / × /.test(l));
    expect(heads[0]).toMatch(/^▶ +9 × vif-plug-timeout on cmp3 +14:00:00 → 14:08:00 +9 ERROR +at compute\.net/);
    expect(heads[1]).toMatch(/^ +3 × no-allocation-candidates +14:20:00 → 14:22:00 +3 ERROR/);
    expect(heads[1]).not.toContain(' on ');
    // Equal counts rank by cause: the stuck boot comes last.
    expect(heads.at(-1) ?? '').toMatch(/1 × (stuck on cmp1 .* 1 STUCK|cause-\d on cmp\d)/);
    const vif = lines.indexOf(heads[0]);
    expect(lines[vif + 1]).toMatch(/^ +cause: vif-plug-timeout: what the catalogue says/);
    expect(lines.slice(vif + 1, vif + 6).join('\n')).toMatch(/check: look at cmp3/);
    const block = lines.slice(vif + 1, vif + 8).join(' ').replace(/\s+/g, ' ');
    expect(block).toContain('e.g. req-00000008-0000-4000-8000-000000000000, req-00000007-0000-4000-8000-000000000000, req-00000006-');
  });

  it('keeps the selected group on a pane too short for all of them, saying how many are above', () => {
    const { lines } = show(pane({ focus: 8 }), 100, 16);
    expect(lines).toHaveLength(16);
    const selected = lines.find((l) => l.startsWith('▶'));
    expect(selected).toMatch(/1 × stuck on cmp1 .* 1 STUCK/);
    expect(lines.join('\n')).toMatch(/… \d+ group\(s\) above/);
    expect(lines.join('\n')).not.toContain('vif-plug-timeout');
  });

  it('shows the counting state, an error, and a window with no failure', () => {
    expect(show(pane({ state: 'loading', report: null, updated: null, running: true }), 80, 10).lines.join('\n')).toContain('indexing the logs and tracing the boots of the window');
    const err = show(pane({ state: 'error', report: null, error: 'cannot read the index /x' }), 80, 10).lines.join('\n');
    expect(err).toContain('incidents could not be counted: cannot read the index /x');
    const none = show(pane({ report: report([]) }), 100, 10).lines.join('\n');
    expect(none).toMatch(/none failed or stuck/);
    expect(none).toContain('no failed or stuck boot in the window (40 boot(s)');
    expect(show(pane({ running: true }), 140, 5).lines[0]).toMatch(/counting again…$/);
  });

  it("shows a hands-on lab's note in place of what it withholds", () => {
    const r = { ...report(OUTCOMES.map((o) => ({ ...o, cause: 'cause withheld', probable_cause: null, next_check: null }))), withheld: { lab: 'kvm', note: "hands-on lab 'kvm' is running: causes and next checks are withheld" } };
    const text = show(pane({ report: r }), 120, 30).lines.join('\n');
    expect(text).toContain("hands-on lab 'kvm' is running");
    expect(text).not.toMatch(/cause: /);
  });
});

describe('status line: failed boots', () => {
  const text = (failures: number | null, width = 140): string => statusLine(status({ failures }), width, false).segs.map((x) => x.text).join('');
  it('counts failed boots and names the key, says none when none, and nothing before the first count', () => {
    expect(text(19)).toContain('19 failed boots (!)');
    expect(text(1)).toContain('1 failed boot (!)');
    expect(text(0)).toContain('no failed boots');
    expect(text(null)).not.toMatch(/failed/);
  });
  it('keeps the count when the line is narrow and rate and files are dropped', () => {
    const t = text(3, 60);
    expect(t).toContain('3 failed boots (!)');
    expect(t).not.toContain('lines/s');
  });
});
