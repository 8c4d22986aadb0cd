// A Trace as a tree of spans, the model both span formats (OTLP, Jaeger) are written from:
// a root span for the request, a span per attempt with its stages under it, a span per instance
// of a multi-create, a span per service/host for operations without stages; log lines as events.

import type { StageSpan, Trace, TraceRecord } from '../trace/trace-types.js';
import { serviceHostKey, spanIdOf, traceClock, traceIdOf, type ExportOptions, type ServiceHost, type TraceClock } from './export-common.js';

export type AttrValue = string | number | boolean | string[];
export type Attrs = Record<string, AttrValue>;

/** A log line; `origin` is the service/host that wrote it. */
export interface SpanEvent { timeUs: number; name: string; attributes: Attrs; origin: ServiceHost }

export interface ExportSpan {
  spanId: string;
  parentId: string | null;
  name: string;
  role: 'request' | 'attempt' | 'instance' | 'stage' | 'activity';
  kind: 'server' | 'internal';
  /** Who logged what the span stands for: the resource (OTLP) or process (Jaeger). */
  origin: ServiceHost;
  startUs: number;
  endUs: number;
  attributes: Attrs;
  events: SpanEvent[];
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
}

export interface SpanTree { traceId: string; spans: ExportSpan[] }

const FAILED = new Set(['ERROR', 'STUCK']);

/** [min, max] without spreading (a trace may hold more lines than a call takes arguments). */
function range(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/** Attributes without the empty ones (null, '', []). */
function attrs(a: Record<string, AttrValue | null | undefined>): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out;
}

export function recordEvent(r: TraceRecord, timeUs: number): SpanEvent {
  return {
    timeUs, origin: { service: r.service, host: r.host },
    name: r.message.length > 200 ? r.message.slice(0, 199) + '…' : r.message,
    attributes: attrs({
      'log.severity': r.level, 'log.message': r.message, 'code.namespace': r.logger,
      'log.file.path': r.file, 'log.file.line': r.line, 'nova.log.offset': r.offset, 'process.pid': r.pid,
      'nova.log.ts': r.ts, 'nova.service': r.service, 'host.name': r.host,
      'nova.request_id': r.request_id, 'nova.global_request_id': r.global_request_id, 'nova.instance': r.instance,
      'nova.stage': r.stage, 'nova.joined_by': r.joined_by,
      'exception.stacktrace': r.continuation.length ? r.continuation.join('\n') : null,
    }),
  };
}

/** A stage's interval; a failed stage without logged times sits at the root cause's line. */
function stageInterval(trace: Trace, clock: TraceClock, s: StageSpan): [number, number] | null {
  if (s.start !== null) {
    const start = clock.at(s.start);
    return [start, Math.max(start, clock.at(s.end ?? s.start))];
  }
  const rc = trace.verdict.root_cause;
  if (s.status === 'failed' && rc) { const t = clock.of({ ts: rc.ts, service: rc.service, host: rc.host }); return [t, t]; }
  return null;
}

export function buildSpanTree(trace: Trace, opts: ExportOptions = {}): SpanTree {
  const clock = traceClock(trace, opts);
  const traceId = traceIdOf(trace);
  const id = (key: string) => spanIdOf(traceId, key);
  const v = trace.verdict;
  const spans: ExportSpan[] = [];
  const rootOrigin: ServiceHost = trace.timeline.find((t) => t.service === 'api') ?? trace.timeline[0] ?? { service: trace.records[0]?.service ?? 'api', host: null };

  // Stages, grouped by attempt.
  const stageSpans: { span: ExportSpan; stage: StageSpan }[] = [];
  const byAttempt = new Map<number, ExportSpan[]>();
  for (const s of trace.stages) {
    const iv = stageInterval(trace, clock, s);
    if (!iv) continue;
    const failed = s.status === 'failed' || s.status === 'stalled';
    const message = s.stage === v.failed_stage && v.root_cause ? v.root_cause.message : s.status === 'stalled' ? v.summary : s.summary ?? s.status;
    const span: ExportSpan = {
      spanId: id(`stage/${s.attempt}/${s.stage}/${serviceHostKey(s)}`), parentId: null, name: s.stage, role: 'stage', kind: 'internal',
      origin: { service: s.service, host: s.host }, startUs: iv[0], endUs: iv[1],
      attributes: attrs({
        'nova.stage': s.stage, 'nova.stage.status': s.status, 'nova.attempt': s.attempt, 'nova.stage.summary': s.summary,
        'nova.stage.records': s.records, 'nova.stage.times': s.start === null ? 'not logged; placed at the root cause line' : null, 'host.name': s.host,
      }),
      events: [], status: failed ? { code: 'error', message } : { code: 'unset' },
    };
    stageSpans.push({ span, stage: s });
    byAttempt.set(s.attempt, [...(byAttempt.get(s.attempt) ?? []), span]);
  }

  const attemptSpans: ExportSpan[] = [];
  for (const [n, children] of byAttempt) {
    const a = trace.attempts.find((x) => x.attempt === n);
    const untimed = trace.stages.filter((s) => s.attempt === n && !children.some((c) => c.name === s.stage));
    const bad = a && a.result !== 'active' && a.result !== 'in_progress';
    const span: ExportSpan = {
      spanId: id(`attempt/${n}`), parentId: null, name: a ? `attempt ${n} on ${a.host}` : `attempt ${n}`, role: 'attempt', kind: 'internal',
      origin: a ? { service: 'compute', host: a.host } : rootOrigin,
      startUs: Math.min(...children.map((c) => c.startUs)), endUs: Math.max(...children.map((c) => c.endUs)),
      attributes: attrs({
        'nova.attempt': n, 'host.name': a?.host, 'nova.attempt.result': a?.result, 'nova.attempt.reason': a?.reason,
        'nova.instance': trace.focus_instance ?? (trace.instances.length === 1 ? trace.instances[0] : null),
        'nova.stages.untimed': untimed.map((s) => `${s.stage} (${s.status})`),
      }),
      events: [], status: bad ? { code: 'error', message: `${a.result}${a.reason ? `: ${a.reason}` : ''}` } : { code: 'unset' },
    };
    for (const c of children) c.parentId = span.spanId;
    attemptSpans.push(span);
  }

  // Operations without a stage model: one span per service/host, from the timeline.
  const activity = trace.stages.length ? [] : trace.timeline.map((t): ExportSpan => ({
    spanId: id(`timeline/${serviceHostKey(t)}`), parentId: null, name: `${trace.operation} on ${t.service}${t.host ? ` ${t.host}` : ''}`, role: 'activity', kind: 'internal',
    origin: { service: t.service, host: t.host }, startUs: clock.of({ ts: t.start, service: t.service, host: t.host }),
    endUs: clock.of({ ts: t.end, service: t.service, host: t.host }),
    attributes: attrs({ 'nova.records': t.records, 'nova.errors': t.errors, 'host.name': t.host }),
    events: [], status: t.errors > 0 && FAILED.has(v.status) ? { code: 'error', message: `${t.errors} error line(s)` } : { code: 'unset' },
  }));

  // Multi-create: a span per instance over the lines that name it.
  const instanceSpans: ExportSpan[] = [];
  for (const o of trace.instance_outcomes ?? []) {
    const times = trace.records.filter((r) => r.instance === o.instance).map((r) => clock.of(r));
    if (!times.length) continue;
    const [start, end] = range(times);
    instanceSpans.push({
      spanId: id(`instance/${o.instance}`), parentId: null, name: `instance ${o.instance}`, role: 'instance', kind: 'internal',
      origin: o.host ? { service: 'compute', host: o.host } : rootOrigin, startUs: start, endUs: end,
      attributes: attrs({
        'nova.instance': o.instance, 'nova.instance.status': o.status, 'nova.hosts': o.hosts, 'host.name': o.host,
        'nova.signature': o.signature, 'nova.cause': o.cause, 'nova.failed_stage': o.failed_stage, 'exception.type': o.exception,
      }),
      events: [], status: FAILED.has(o.status) ? { code: 'error', message: [o.status, o.cause ?? o.signature, o.exception].filter(Boolean).join(': ') } : { code: 'unset' },
    });
  }

  const children = [...attemptSpans, ...activity, ...instanceSpans];
  const recordTimes = trace.records.map((r) => clock.of(r));
  const [start, end] = range([...children.flatMap((c) => [c.startUs, c.endUs]), ...recordTimes, ...[trace.start, trace.end].filter((t): t is string => t !== null).map(clock.at)]);
  const root: ExportSpan = {
    spanId: id('request'), parentId: null, name: trace.operation, role: 'request', kind: 'server', origin: rootOrigin,
    startUs: start, endUs: end,
    attributes: attrs({
      'nova.query': trace.query, 'nova.operation': trace.operation, 'nova.request_id': trace.request_id ?? trace.request_ids[0],
      'nova.request_ids': trace.request_ids, 'nova.global_request_ids': trace.global_request_ids, 'nova.instances': trace.instances,
      'nova.hosts': trace.hosts, 'nova.focus_instance': trace.focus_instance,
      'nova.verdict.status': v.status, 'nova.verdict.summary': v.summary, 'nova.verdict.signature': v.signature,
      'nova.verdict.failed_stage': v.failed_stage, 'nova.verdict.cause': v.cause?.id, 'nova.verdict.probable_cause': v.cause?.probable_cause ?? v.probable_cause,
      'nova.verdict.next_check': v.cause?.next_check ?? v.next_check, 'nova.verdict.filter': v.filter,
      'http.response.status_code': v.http_status, 'exception.type': v.root_cause?.exception,
      'nova.clock_offsets': trace.clock_offsets.map((o) => `${o.host} ${o.offset_ms >= 0 ? '+' : ''}${o.offset_ms} ms`),
      'nova.warnings': trace.warnings,
    }),
    events: [],
    status: FAILED.has(v.status) ? { code: 'error', message: v.summary } : v.status === 'ACTIVE' || v.status === 'COMPLETED' ? { code: 'ok' } : { code: 'unset' },
  };
  for (const c of children) c.parentId = root.spanId;

  // Each log line goes to its stage's span (the one of its service/host whose interval holds it),
  // else to its service/host's activity span, else to the root.
  trace.records.forEach((r, i) => {
    const t = recordTimes[i];
    const home = (r.stage && stageSpans.find(({ span, stage }) => stage.stage === r.stage && stage.service === r.service && stage.host === r.host && span.startUs <= t && t <= span.endUs)?.span)
      || activity.find((s) => s.origin.service === r.service && s.origin.host === r.host && s.startUs <= t && t <= s.endUs)
      || root;
    home.events.push(recordEvent(r, t));
  });

  spans.push(root, ...children, ...stageSpans.map((s) => s.span));
  return { traceId, spans };
}
