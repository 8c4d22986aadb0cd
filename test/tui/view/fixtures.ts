// Hand-built frames for the view tests: RowData cut from real-looking Nova lines, a frame
// builder, and helpers to read Ink's output (strip ANSI, measure lines).

import type { Frame, Origin, RowData, StatusInfo } from '../../../tui/model/types.js';
import { cellWidth } from '../../../tui/view/text-cells.js';

export const ORIGINS: Record<string, Origin> = {
  api: { slot: 0, service: 'api', host: 'ctl1', label: 'api' },
  cond: { slot: 1, service: 'conductor', host: 'ctl1', label: 'cond' },
  sched: { slot: 2, service: 'scheduler', host: 'ctl1', label: 'sched' },
  cmp1: { slot: 3, service: 'compute', host: 'cmp1', label: 'cpu@cmp1' },
  vnc: { slot: 4, service: 'novncproxy', host: 'ctl1', label: 'novncpro' },
};

export const REQ = 'req-4055afb9-5d4c-4dbd-b883-07d8c43e6dd5';
export const INSTANCE = 'c1703c98-ac54-482a-a70d-0a1c3cb5f6f0';

export const TRACEBACK = [
  'Traceback (most recent call last):',
  ...Array.from({ length: 14 }, (_, i) => [
    `  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line ${2600 + i}, in _build_resources`,
    '    yield resources',
  ]).flat(),
  "libvirt.libvirtError: internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied",
];

let nextId = 1;
export function row(over: Partial<RowData> = {}): RowData {
  return {
    id: nextId++,
    origin: ORIGINS.cmp1,
    tsText: '2026-11-26 14:07:31.204',
    ts: Date.UTC(2026, 10, 26, 14, 7, 31, 204),
    level: 'INFO',
    pid: 2415,
    logger: 'nova.compute.claims',
    requestId: REQ,
    globalRequestId: null,
    instance: INSTANCE,
    message: 'Claim successful on node cmp1',
    continuation: [],
    unparsed: false,
    gone: false,
    marked: false,
    searchHit: false,
    file: 'cmp1/nova-compute.log',
    offset: 10_240,
    ...over,
  };
}

/** A few minutes of a boot as the merged view shows it. */
export function bootRows(): RowData[] {
  return [
    row({ origin: ORIGINS.api, logger: 'nova.api.openstack.compute.servers', tsText: '2026-11-26 14:07:29.010', message: 'POST /v2.1/servers HTTP/1.1 status: 202 len: 862 time: 0.4811', instance: null, file: 'ctl1/nova-api.log' }),
    row({ origin: ORIGINS.cond, level: 'DEBUG', logger: 'nova.conductor.manager', tsText: '2026-11-26 14:07:29.402', message: 'Took 0.05 seconds to select destinations for 1 instance(s). schedule_and_build_instances /usr/lib/python3/dist-packages/nova/conductor/manager.py:1453', file: 'ctl1/nova-conductor.log' }),
    row({ origin: ORIGINS.sched, level: 'WARNING', logger: 'nova.scheduler.host_manager', tsText: '2026-11-26 14:07:29.377', message: 'Host cmp3 has not been heard from in a while', requestId: null, instance: null, file: 'ctl1/nova-scheduler.log' }),
    row(),
    row({ level: 'ERROR', logger: 'nova.compute.manager', tsText: '2026-11-26 14:07:34.782', message: 'Instance failed to spawn', continuation: TRACEBACK }),
    row({ origin: ORIGINS.vnc, level: null, unparsed: true, tsText: '', message: '>>> raw line from a wrapper script <<<', requestId: null, instance: null }),
  ];
}

export function status(over: Partial<StatusInfo> = {}): StatusInfo {
  return {
    files: 6, linesPerSecond: 340, levelCounts: { ERROR: 3, CRITICAL: 1, WARNING: 12, INFO: 4200, DEBUG: 21000 },
    following: true, paused: false, history: null, total: 56789, position: 1234, message: null, failures: null, ...over,
  };
}

export function frame(over: Partial<Frame> = {}): Frame {
  return {
    width: 80, height: 24, mode: 'log', rows: bootRows(), focusRow: -1, showTimestamps: true, wrap: false, hOffset: 0,
    filterChips: [], prompt: null, status: status(), trace: null, fields: null, incidents: null, ...over,
  };
}

const ANSI = /\x1b\[[0-9;]*m/g;
export function plain(s: string): string {
  return s.replace(ANSI, '');
}

/** Ink's last frame as lines (ANSI kept). */
export function screenLines(out: string | undefined): string[] {
  return (out ?? '').split('\n');
}

/** Widest line after stripping ANSI, in cells. */
export function widest(out: string | undefined): number {
  return Math.max(0, ...screenLines(out).map((l) => cellWidth(plain(l))));
}
