// --format jaeger: the trace in the JSON that Jaeger's query API returns for GET /api/traces/{id},
// which Jaeger UI's "JSON File" upload opens: times in µs since the epoch, tags typed, one
// process per service/host, parent links as CHILD_OF references.

import type { Trace } from '../trace/trace-types.js';
import { serviceHostKey, serviceName, type ExportOptions } from './export-common.js';
import { buildSpanTree, type AttrValue, type Attrs } from './span-tree.js';

export interface JaegerTag { key: string; type: 'string' | 'bool' | 'int64' | 'float64'; value: string | number | boolean }

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: { refType: 'CHILD_OF'; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: null;
}

export interface JaegerTrace {
  data: { traceID: string; spans: JaegerSpan[]; processes: Record<string, { serviceName: string; tags: JaegerTag[] }>; warnings: null }[];
  total: number;
  limit: number;
  offset: number;
  errors: null;
}

function tag(key: string, v: AttrValue): JaegerTag {
  if (Array.isArray(v)) return { key, type: 'string', value: v.join(', ') };
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { key, type: 'int64', value: v } : { key, type: 'float64', value: v };
  return { key, type: 'string', value: v };
}

const tags = (a: Attrs): JaegerTag[] => Object.entries(a).map(([k, v]) => tag(k, v));

export function toJaegerJson(trace: Trace, opts: ExportOptions = {}): JaegerTrace {
  const tree = buildSpanTree(trace, opts);
  const processes: JaegerTrace['data'][number]['processes'] = {};
  const processIds = new Map<string, string>();
  const spans = tree.spans.map((s): JaegerSpan => {
    const key = serviceHostKey(s.origin);
    let pid = processIds.get(key);
    if (!pid) {
      pid = `p${processIds.size + 1}`;
      processIds.set(key, pid);
      processes[pid] = { serviceName: serviceName(s.origin.service), tags: s.origin.host ? [tag('host.name', s.origin.host)] : [] };
    }
    // Jaeger marks a failed span with the tag error=true; OpenTelemetry's status goes in otel.* tags.
    const status: Attrs = s.status.code === 'unset' ? {} : {
      'otel.status_code': s.status.code.toUpperCase(),
      ...(s.status.code === 'error' ? { error: true } : {}),
      ...(s.status.message ? { 'otel.status_description': s.status.message } : {}),
    };
    const start = Math.round(s.startUs);
    return {
      traceID: tree.traceId, spanID: s.spanId, flags: 1, operationName: s.name,
      references: s.parentId ? [{ refType: 'CHILD_OF', traceID: tree.traceId, spanID: s.parentId }] : [],
      startTime: start, duration: Math.max(0, Math.round(s.endUs) - start),
      tags: tags({ 'span.kind': s.kind, ...s.attributes, ...status }),
      logs: s.events.map((e) => ({ timestamp: Math.round(e.timeUs), fields: tags({ event: e.name, ...e.attributes }) })),
      processID: pid, warnings: null,
    };
  });
  return { data: [{ traceID: tree.traceId, spans, processes, warnings: null }], total: 0, limit: 0, offset: 0, errors: null };
}
