// Many traces in one export (`incidents` / `stats --format otlp|jaeger`): each trace keeps the
// ids a single export gives it; OTLP spans of one service/host share one resourceSpans, as
// an OTLP exporter batches them, and Jaeger's upload format lists the traces side by side.

import type { Trace } from '../trace/trace-types.js';
import type { ExportOptions } from './export-common.js';
import { toJaegerJson, type JaegerTrace } from './jaeger-json.js';
import { OTLP_SCOPE, toOtlpJson, type OtlpTraces } from './otlp-json.js';

export function otlpOfTraces(traces: readonly Trace[], opts: ExportOptions = {}): OtlpTraces {
  const byResource = new Map<string, OtlpTraces['resourceSpans'][number]>();
  for (const t of traces) {
    for (const rs of toOtlpJson(t, opts).resourceSpans) {
      const key = JSON.stringify(rs.resource.attributes);
      const have = byResource.get(key);
      if (have) have.scopeSpans[0].spans.push(...rs.scopeSpans.flatMap((s) => s.spans));
      else byResource.set(key, { resource: rs.resource, scopeSpans: [{ scope: OTLP_SCOPE, spans: rs.scopeSpans.flatMap((s) => s.spans) }] });
    }
  }
  return { resourceSpans: [...byResource.values()] };
}

export function jaegerOfTraces(traces: readonly Trace[], opts: ExportOptions = {}): JaegerTrace {
  return { data: traces.flatMap((t) => toJaegerJson(t, opts).data), total: 0, limit: 0, offset: 0, errors: null };
}

export const BATCH_EXPORTERS = { otlp: otlpOfTraces, jaeger: jaegerOfTraces } as const;
