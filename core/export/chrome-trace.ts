// --format chrome: the Trace Event Format (JSON object form) that Perfetto and chrome://tracing
// open. Process 1 is the request (its span, attempts, instances); then one process per
// service/host with its stages as complete events ("X") on as many threads as it takes for no
// two to overlap on one thread, and its log lines as thread-scoped instant events ("i").

import type { Trace } from '../trace/trace-types.js';
import { assignLanes, serviceHostKey, serviceHostLabel, serviceHosts, type ExportOptions } from './export-common.js';
import { buildSpanTree, type AttrValue, type Attrs, type ExportSpan, type SpanEvent } from './span-tree.js';

export interface ChromeEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 't' | 'p' | 'g';
  cname?: string;
  args: Record<string, string | number | boolean>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

const REQUEST_PID = 1;

function args(a: Attrs): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(a)) out[k] = Array.isArray(v) ? v.join(', ') : (v as Exclude<AttrValue, string[]>);
  return out;
}

const meta = (name: string, pid: number, tid: number, value: string | number): ChromeEvent =>
  ({ name, ph: 'M', pid, tid, args: name.endsWith('_name') ? { name: value } : { sort_index: value } });

function complete(s: ExportSpan, pid: number, tid: number): ChromeEvent {
  const ts = Math.round(s.startUs);
  return {
    name: s.name, cat: s.role, ph: 'X', ts, dur: Math.max(0, Math.round(s.endUs) - ts), pid, tid,
    ...(s.status.code === 'error' ? { cname: 'terrible' } : {}),
    args: args({ ...s.attributes, ...(s.status.code !== 'unset' ? { status: s.status.code } : {}), ...(s.status.message ? { status_message: s.status.message } : {}) }),
  };
}

const instant = (e: SpanEvent, pid: number, tid: number): ChromeEvent =>
  ({ name: e.name, cat: 'log', ph: 'i', s: 't', ts: Math.round(e.timeUs), pid, tid, args: args(e.attributes) });

export function toChromeTrace(trace: Trace, opts: ExportOptions = {}): ChromeTrace {
  const tree = buildSpanTree(trace, opts);
  const out: ChromeEvent[] = [];
  const interval = (s: ExportSpan): [number, number] => [Math.round(s.startUs), Math.round(s.endUs)];

  const requestSpans = tree.spans.filter((s) => s.role === 'request' || s.role === 'attempt' || s.role === 'instance');
  out.push(meta('process_name', REQUEST_PID, 0, `request ${trace.request_id ?? trace.query}`), meta('process_sort_index', REQUEST_PID, 0, 0));
  const requestLanes = assignLanes(requestSpans, interval);
  for (const [s, lane] of requestLanes) out.push(complete(s, REQUEST_PID, lane + 1));
  const laneRoles = new Map<number, Set<string>>();
  for (const [s, lane] of requestLanes) laneRoles.set(lane, (laneRoles.get(lane) ?? new Set()).add(s.role === 'request' ? trace.operation : `${s.role}s`));
  for (const [lane, roles] of laneRoles) out.push(meta('thread_name', REQUEST_PID, lane + 1, [...roles].join(', ')));

  serviceHosts(trace).forEach((sh, i) => {
    const pid = i + 2;
    const key = serviceHostKey(sh);
    out.push(meta('process_name', pid, 0, serviceHostLabel(sh)), meta('process_sort_index', pid, 0, pid));
    const spans = tree.spans.filter((s) => (s.role === 'stage' || s.role === 'activity') && serviceHostKey(s.origin) === key);
    const lanes = assignLanes(spans, interval);
    const laneCount = Math.max(-1, ...lanes.values()) + 1;
    for (let lane = 0; lane < laneCount; lane++) out.push(meta('thread_name', pid, lane + 1, laneCount > 1 ? `stages ${lane + 1}` : 'stages'));
    for (const [s, lane] of lanes) {
      out.push(complete(s, pid, lane + 1));
      for (const e of s.events) out.push(instant(e, pid, lane + 1));
    }
    // Lines that belong to no stage of this service/host get a thread of their own.
    const loose = [...requestSpans.flatMap((s) => s.events), ...tree.spans.filter((s) => !lanes.has(s) && s.role !== 'request' && s.role !== 'attempt' && s.role !== 'instance').flatMap((s) => s.events)]
      .filter((e) => serviceHostKey(e.origin) === key);
    if (loose.length) {
      out.push(meta('thread_name', pid, laneCount + 1, 'log lines'));
      for (const e of loose) out.push(instant(e, pid, laneCount + 1));
    }
  });

  const v = trace.verdict;
  const root = tree.spans[0];
  const rc = v.root_cause;
  const rcEvent = rc && tree.spans.flatMap((s) => s.events).find((e) => e.attributes['log.file.path'] === rc.file && e.attributes['nova.log.offset'] === rc.offset);
  out.push({
    name: `verdict: ${v.summary}`, cat: 'verdict', ph: 'i', s: 'g', ts: Math.round(rcEvent ? rcEvent.timeUs : root.endUs), pid: REQUEST_PID, tid: 1,
    args: args({ status: v.status, ...(v.failed_stage ? { failed_stage: v.failed_stage } : {}), ...(v.signature ? { signature: v.signature } : {}) }),
  });
  out.sort((a, b) => (a.ph === 'M' ? -1 : 0) - (b.ph === 'M' ? -1 : 0) || (a.ts ?? 0) - (b.ts ?? 0));

  const otherData: Record<string, string> = { generator: 'nova-trace', trace_schema: trace.schema, query: trace.query, operation: trace.operation, trace_id: tree.traceId };
  const add = (k: string, val: string | number | null | undefined) => { if (val !== null && val !== undefined && val !== '') otherData[k] = String(val); };
  add('request_id', trace.request_id); add('verdict_status', v.status); add('verdict_summary', v.summary);
  add('verdict_failed_stage', v.failed_stage); add('verdict_signature', v.signature); add('verdict_cause', v.cause?.id);
  add('probable_cause', v.cause?.probable_cause ?? v.probable_cause); add('next_check', v.cause?.next_check ?? v.next_check);
  add('root_cause', rc ? `${rc.file}:${rc.line ?? `@${rc.offset}`} ${rc.message}` : null);
  add('instance_outcomes', trace.instance_outcomes?.map((o) => `${o.instance} ${o.status}${o.host ? ` on ${o.host}` : ''}${o.cause ? ` (${o.cause})` : ''}`).join('; '));
  add('clock_offsets', trace.clock_offsets.map((o) => `${o.host} ${o.offset_ms} ms`).join('; '));
  add('times', 'wall clock as logged, read as UTC; a skewed compute host corrected by its clock offset');
  return { traceEvents: out, displayTimeUnit: 'ms', otherData };
}
