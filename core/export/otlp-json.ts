// --format otlp: the trace as an OTLP/JSON ExportTraceServiceRequest (what POST /v1/traces takes).
// The OTLP protobuf JSON mapping: lowerCamelCase names, trace/span ids as hex (not base64),
// 64-bit integers (times, intValue) as decimal strings, enums as their integer values.

import type { Trace } from '../trace/trace-types.js';
import { serviceHostKey, serviceName, type ExportOptions } from './export-common.js';
import { buildSpanTree, type AttrValue, type Attrs, type ExportSpan } from './span-tree.js';

export const OTLP_SCOPE = { name: 'nova-trace', version: '1' };

const SPAN_KIND = { internal: 1, server: 2 } as const;        // SPAN_KIND_INTERNAL, SPAN_KIND_SERVER
const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;   // STATUS_CODE_UNSET, _OK, _ERROR

export type OtlpAnyValue =
  | { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };
export interface OtlpKeyValue { key: string; value: OtlpAnyValue }

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  status: { code: number; message?: string };
}

export interface OtlpTraces {
  resourceSpans: { resource: { attributes: OtlpKeyValue[] }; scopeSpans: { scope: typeof OTLP_SCOPE; spans: OtlpSpan[] }[] }[];
}

function anyValue(v: AttrValue): OtlpAnyValue {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

const keyValues = (a: Attrs): OtlpKeyValue[] => Object.entries(a).map(([key, v]) => ({ key, value: anyValue(v) }));

/** µs since the epoch → the nanosecond decimal string OTLP wants. */
export const unixNano = (us: number): string => (BigInt(Math.round(us)) * 1000n).toString();

function otlpSpan(traceId: string, s: ExportSpan): OtlpSpan {
  return {
    traceId, spanId: s.spanId, ...(s.parentId ? { parentSpanId: s.parentId } : {}), name: s.name, kind: SPAN_KIND[s.kind],
    startTimeUnixNano: unixNano(s.startUs), endTimeUnixNano: unixNano(s.endUs), attributes: keyValues(s.attributes),
    events: s.events.map((e) => ({ timeUnixNano: unixNano(e.timeUs), name: e.name, attributes: keyValues(e.attributes) })),
    status: { code: STATUS_CODE[s.status.code], ...(s.status.message ? { message: s.status.message } : {}) },
  };
}

/** One resourceSpans per service/host (resource attributes service.name, host.name). */
export function toOtlpJson(trace: Trace, opts: ExportOptions = {}): OtlpTraces {
  const tree = buildSpanTree(trace, opts);
  const groups = new Map<string, ExportSpan[]>();
  for (const s of tree.spans) groups.set(serviceHostKey(s.origin), [...(groups.get(serviceHostKey(s.origin)) ?? []), s]);
  return {
    resourceSpans: [...groups.values()].map((spans) => ({
      resource: {
        attributes: keyValues({
          'service.name': serviceName(spans[0].origin.service), 'service.namespace': 'openstack',
          ...(spans[0].origin.host ? { 'host.name': spans[0].origin.host } : {}),
        }),
      },
      scopeSpans: [{ scope: OTLP_SCOPE, spans: spans.map((s) => otlpSpan(tree.traceId, s)) }],
    })),
  };
}
